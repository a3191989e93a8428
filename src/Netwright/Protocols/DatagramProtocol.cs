using System.Buffers;
using System.Net;
using Netwright.Applications;

namespace Netwright.Protocols;

/// <summary>
/// The event style for datagrams, like Twisted's <c>DatagramProtocol</c>: override
/// <see cref="OnDatagramReceived"/> and answer with <see cref="Reply(ReadOnlySpan{byte})"/>.
/// </summary>
/// <remarks>
/// Callbacks run one at a time, in arrival order, and must not block. Replies are queued during the
/// callback and sent when it returns.
/// </remarks>
public abstract class DatagramProtocol : IDatagramApplication
{
    private readonly List<(byte[] Buffer, int Length)> _replies = [];

    /// <summary>Called for each datagram (Twisted's <c>datagramReceived</c>).</summary>
    /// <param name="data">The payload; valid only during this call.</param>
    /// <param name="sender">The sender's address; null for an unbound Unix datagram sender, which cannot be answered.</param>
    public abstract void OnDatagramReceived(ReadOnlyMemory<byte> data, EndPoint? sender);

    /// <summary>Queues one datagram back to the sender of the datagram being handled.</summary>
    /// <param name="data">The reply; copied before the call returns.</param>
    protected void Reply(ReadOnlySpan<byte> data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        _replies.Add((buffer, data.Length));
    }

    /// <summary>Queues a UTF-8 text datagram back to the sender.</summary>
    /// <param name="text">The reply.</param>
    protected void Reply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Reply(System.Text.Encoding.UTF8.GetBytes(text));
    }

    async ValueTask IDatagramApplication.OnDatagramAsync(Datagram datagram, ServerContext server)
    {
        try
        {
            OnDatagramReceived(datagram.Data, datagram.RemoteEndPoint);
            foreach (var (buffer, length) in _replies)
            {
                if (datagram.CanReply)
                {
                    await datagram.ReplyAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var (buffer, _) in _replies)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _replies.Clear();
        }
    }
}
