using System.Threading.Channels;
using Netwright.Protocols;

namespace Netwright.IntegrationTests.Clients;

/// <summary>A line client for the client tests: sends an optional first line, records what arrives and how the connection ended.</summary>
internal sealed class ClientTestProtocol(string? firstLine = null) : LineProtocol
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(100);

    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception?> Lost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets an exception <see cref="OnLineReceived"/> throws, to model a bug in a callback.</summary>
    public Exception? ThrowOnLine { get; set; }

    public override void OnConnected()
    {
        Connected.TrySetResult();
        if (firstLine is not null)
        {
            SendLine(firstLine);
        }
    }

    public override void OnLineReceived(string line)
    {
        if (ThrowOnLine is { } error)
        {
            throw error;
        }

        if (!_lines.Writer.TryWrite(line))
        {
            throw new InvalidOperationException("the test protocol received more than 100 lines");
        }
    }

    public override void OnConnectionLost(Exception? reason)
    {
        Lost.TrySetResult(reason);
        _lines.Writer.TryComplete();
    }

    public void Send(string line) => SendLine(line);

    public void Close() => Transport.LoseConnection();

    public async Task<string> NextLineAsync(TimeSpan timeout) => await _lines.Reader.ReadAsync().AsTask().WaitAsync(timeout);
}
