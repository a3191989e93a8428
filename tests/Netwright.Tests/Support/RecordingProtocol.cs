using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Netwright.Protocols;

namespace Netwright.Tests.Support;

/// <summary>A protocol that records its callbacks in order, as <c>connected</c>, <c>data:TEXT</c> and <c>lost:REASON</c>.</summary>
internal sealed class RecordingProtocol : Protocol
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource<Exception?> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets every chunk's text, as delivered.</summary>
    public Channel<string> Data { get; } = Channel.CreateUnbounded<string>();

    /// <summary>Gets a task that completes with the reason passed to <see cref="OnConnectionLost"/>.</summary>
    public Task<Exception?> Lost => _lost.Task;

    public ITransport Connection => Transport;

    public Action<ITransport>? OnConnectedAction { get; init; }

    public Action<ITransport, string>? OnDataAction { get; init; }

    public override void OnConnected()
    {
        Record("connected");
        OnConnectedAction?.Invoke(Transport);
    }

    public override void OnDataReceived(ReadOnlySequence<byte> data)
    {
        var text = Encoding.UTF8.GetString(data.ToArray());
        Record("data:" + text);
        Data.Writer.TryWrite(text);
        OnDataAction?.Invoke(Transport, text);
    }

    public override void OnConnectionLost(Exception? reason)
    {
        Record("lost:" + (reason?.GetType().Name ?? "null"));
        _lost.TrySetResult(reason);
    }

    /// <summary>Reads delivered chunks until their concatenation holds <paramref name="expected"/>.</summary>
    public async Task<string> ReadDataUntilAsync(string expected, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            text.Append(await Data.Reader.ReadAsync(cancellationToken));
        }

        return text.ToString();
    }

    private void Record(string entry)
    {
        lock (_lock)
        {
            _events.Add(entry);
        }
    }
}
