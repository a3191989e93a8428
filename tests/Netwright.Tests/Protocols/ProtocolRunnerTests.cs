using System.Text;
using System.Threading.Channels;
using Netwright.Errors;
using Netwright.Protocols;
using Netwright.Protocols.Internal;
using Netwright.Servers;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Protocols;

public sealed class ProtocolRunnerTests : IDisposable
{
    private readonly InMemoryConnection _connection = new();
    private readonly TestTimeProvider _clock = new();
    private readonly CancellationTokenSource _timeout = TestTimeouts.CreateTokenSource();

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task CallbacksRunInOrderAndConnectionLostComesExactlyOnce()
    {
        var protocol = new RecordingProtocol();
        var run = Run(protocol);

        await _connection.PeerWriteAsync("abc");
        await protocol.ReadDataUntilAsync("abc", _timeout.Token);
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();

        var events = protocol.Events;
        Assert.Equal("connected", events[0]);
        Assert.Equal("abc", string.Concat(events.Skip(1).SkipLast(1).Select(e => e["data:".Length..])));
        Assert.Equal("lost:null", events[^1]);
        Assert.Single(events, e => e.StartsWith("lost:", StringComparison.Ordinal));
        Assert.Null(await protocol.Lost.DefaultTimeout());
    }

    [Fact]
    public async Task WhatOnConnectedWritesIsSentAndTheOutputEndsAfterTheRun()
    {
        var protocol = new RecordingProtocol { OnConnectedAction = t => t.Write("hello\n") };
        var run = Run(protocol);

        Assert.Equal("hello", await _connection.PeerReadLineAsync().DefaultTimeout());
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
        Assert.Equal(6, _connection.BytesSent);
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task LineProtocolGetsEveryLineWhateverTheSplits(string split)
    {
        var protocol = new EchoLines();
        var run = Run(protocol);

        await _connection.PeerWriteChunksAsync(Splits.Split(Encoding.UTF8.GetBytes("one\ntwo\r\n\nthree ✓\nfour"), split));
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();

        Assert.Equal(["one", "two", "", "three ✓", "four"], protocol.Received);
        Assert.Equal("one\ntwo\n\nthree ✓\nfour\n", Encoding.UTF8.GetString(await _connection.PeerReadToEndAsync().DefaultTimeout()));
    }

    [Fact]
    public async Task PartialLineIsDeliveredAfterTheStallDelayAndNotBefore()
    {
        var protocol = new EchoLines();
        var run = Run(protocol, o => o.PartialLineDelay = TimeSpan.FromMilliseconds(50));

        var armed = _clock.WhenTimerArmed();
        await _connection.PeerWriteAsync("Hello");
        await armed.DefaultTimeout();
        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(protocol.Received);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Hello", await _connection.PeerReadLineAsync().DefaultTimeout());

        // A split line whose halves arrive within the delay stays one line.
        armed = _clock.WhenTimerArmed();
        await _connection.PeerWriteAsync("wor");
        await armed.DefaultTimeout();
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        await _connection.PeerWriteAsync("ld\n");
        Assert.Equal("world", await _connection.PeerReadLineAsync().DefaultTimeout());

        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
        Assert.Equal(["Hello", "world"], protocol.Received);
    }

    [Fact]
    public async Task LinesAfterLoseConnectionAreNotDeliveredAndTheConnectionCloses()
    {
        var protocol = new EchoLines { QuitOn = "quit" };
        var run = Run(protocol);

        await _connection.PeerWriteAsync("a\nquit\nb\nc\n");
        await run.DefaultTimeout();

        Assert.Equal(["a", "quit"], protocol.Received);
        Assert.Equal("a\nquit\n", Encoding.UTF8.GetString(await _connection.PeerReadToEndAsync().DefaultTimeout()));
    }

    [Fact]
    public async Task TooLongLineClosesTheConnectionByDefault()
    {
        var protocol = new EchoLines();
        var run = Run(protocol, o => o.MaxLineLength = 8);

        await _connection.PeerWriteAsync("ok\n0123456789");
        await run.DefaultTimeout();

        Assert.Equal(["ok"], protocol.Received);
        Assert.Equal("ok\n"u8.ToArray(), await _connection.PeerReadToEndAsync().DefaultTimeout());
    }

    [Fact]
    public async Task InvalidUtf8ClosesTheConnectionByDefault()
    {
        var protocol = new EchoLines();
        var run = Run(protocol);

        await _connection.PeerWriteAsync(new byte[] { (byte)'o', (byte)'k', (byte)'\n', 0xFF, (byte)'\n', (byte)'x', (byte)'\n' });
        await run.DefaultTimeout();

        Assert.Equal(["ok"], protocol.Received);
    }

    [Fact]
    public async Task OversizedLengthPrefixIsRejectedBeforeTheBodyArrives()
    {
        var protocol = new EchoMessages { MaxMessageLength = 100 };
        var run = Run(protocol);

        await _connection.PeerWriteAsync(new byte[] { 0, 0, 0, 2, 7, 8 });
        Assert.Equal(new byte[] { 0, 0, 0, 2, 7, 8 }, await _connection.PeerReadAsync(6).DefaultTimeout());

        // Only the prefix: the connection closes without waiting for the 101 bytes it announces.
        await _connection.PeerWriteAsync(new byte[] { 0, 0, 0, 101 });
        await run.DefaultTimeout();
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());
    }

    [Theory]
    [MemberData(nameof(Splits.Names), MemberType = typeof(Splits))]
    public async Task LengthPrefixedMessagesArriveWhateverTheSplits(string split)
    {
        var protocol = new EchoMessages();
        var run = Run(protocol);
        var random = new Random(7);
        var messages = Enumerable.Range(0, 20).Select(i => RandomBytes(random, i * 13)).ToList();
        var wire = messages.SelectMany(m => new byte[] { 0, 0, (byte)(m.Length >> 8), (byte)m.Length }.Concat(m)).ToArray();

        await _connection.PeerWriteChunksAsync(Splits.Split(wire, split));
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();

        Assert.Equal(wire, await _connection.PeerReadToEndAsync().DefaultTimeout());
    }

    [Fact]
    public async Task PauseReadingHoldsDataBackUntilResumeReading()
    {
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var protocol = new RecordingProtocol
        {
            OnDataAction = (transport, text) =>
            {
                if (text.Contains("pause", StringComparison.Ordinal))
                {
                    transport.PauseReading();
                    paused.TrySetResult();
                }
            },
        };
        var run = Run(protocol);
        await _connection.PeerWriteAsync("pause");
        await paused.Task.DefaultTimeout();
        Assert.Equal("pause", await protocol.Data.Reader.ReadAsync(_timeout.Token));

        await _connection.PeerWriteAsync("held");
        // A negative check: nothing can deliver while paused, so a short look can only miss a bug, never invent one.
        await Task.Delay(50, _timeout.Token);
        Assert.False(protocol.Data.Reader.TryRead(out _));

        protocol.Connection.ResumeReading();
        Assert.Equal("held", await protocol.ReadDataUntilAsync("held", _timeout.Token));
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task LinesBufferedBehindAPauseWaitForResumeReading()
    {
        var protocol = new PausingLineProtocol();
        var run = Run(protocol);
        await _connection.PeerWriteAsync("one\npause\nthree\nfour\n");
        Assert.Equal("one", await protocol.Lines.Reader.ReadAsync(_timeout.Token));
        Assert.Equal("pause", await protocol.Lines.Reader.ReadAsync(_timeout.Token));

        // Nothing may arrive while paused; a short look can only miss a bug, never invent one.
        await Task.Delay(80, _timeout.Token);
        Assert.False(protocol.Lines.Reader.TryRead(out _));

        protocol.Resume();
        Assert.Equal("three", await protocol.Lines.Reader.ReadAsync(_timeout.Token));
        Assert.Equal("four", await protocol.Lines.Reader.ReadAsync(_timeout.Token));
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
    }

    private sealed class PausingLineProtocol : LineProtocol
    {
        public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();

        public void Resume() => Transport.ResumeReading();

        public override void OnLineReceived(string line)
        {
            Lines.Writer.TryWrite(line);
            if (line == "pause")
            {
                Transport.PauseReading();
            }
        }
    }

    [Fact]
    public async Task WritesFromOtherTasksAreFlushed()
    {
        var protocol = new RecordingProtocol();
        var run = Run(protocol);
        await _connection.PeerWriteAsync("x");
        await protocol.ReadDataUntilAsync("x", _timeout.Token);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 100; n++)
            {
                protocol.Connection.Write("0123456789");
            }
        }))).DefaultTimeout();

        Assert.Equal(8000, (await _connection.PeerReadAsync(8000).DefaultTimeout()).Length);
        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task WriterOnAnotherTaskThatOutrunsAPeerThatDoesNotReadIsDisconnected()
    {
        var protocol = new RecordingProtocol();
        var run = Run(protocol, maxWriteBufferSize: 16);
        await _connection.PeerWriteAsync("x");
        await protocol.ReadDataUntilAsync("x", _timeout.Token);

        await Task.Run(() =>
        {
            for (var n = 0; n < 10; n++)
            {
                protocol.Connection.Write("0123456789");
            }
        }).DefaultTimeout();

        await run.DefaultTimeout();
        Assert.True(_connection.IsAborted);
        Assert.IsType<ConnectionAbortedException>(_connection.AbortReason);
        Assert.True(protocol.Connection.IsClosing);
    }

    [Fact]
    public async Task ExceptionInACallbackEndsOnlyThatConnectionAndIsRethrown()
    {
        var other = new InMemoryConnection();
        var bad = new RecordingProtocol { OnDataAction = (_, text) => throw new InvalidOperationException("bug: " + text) };
        var good = new RecordingProtocol { OnDataAction = (t, text) => t.Write(text) };
        var badRun = Run(bad);
        var goodRun = Run(good, connection: other);

        await _connection.PeerWriteAsync("boom");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => badRun).DefaultTimeout();
        Assert.Equal("bug: boom", error.Message);
        Assert.Same(error, await bad.Lost.DefaultTimeout());
        Assert.Empty(await _connection.PeerReadToEndAsync().DefaultTimeout());

        await other.PeerWriteAsync("still here");
        Assert.Equal("still here"u8.ToArray(), await other.PeerReadAsync(10).DefaultTimeout());
        other.PeerEndOfStream();
        await goodRun.DefaultTimeout();
    }

    [Fact]
    public async Task ExceptionInOnConnectedIsRethrownAfterConnectionLost()
    {
        var protocol = new RecordingProtocol { OnConnectedAction = _ => throw new FormatException("early") };

        await Assert.ThrowsAsync<FormatException>(() => Run(protocol)).DefaultTimeout();

        Assert.Equal(["connected", "lost:FormatException"], protocol.Events);
    }

    [Fact]
    public async Task PeerResetEndsTheRunQuietlyWithTheReason()
    {
        var protocol = new RecordingProtocol();
        var run = Run(protocol);
        await _connection.PeerWriteAsync("x");
        await protocol.ReadDataUntilAsync("x", _timeout.Token);

        _connection.PeerReset();

        await run.DefaultTimeout();
        Assert.IsType<ConnectionResetException>(await protocol.Lost.DefaultTimeout());
    }

    [Fact]
    public async Task AbortFromTheProtocolDropsTheConnectionAndReportsACleanLoss()
    {
        var protocol = new RecordingProtocol { OnDataAction = (t, _) => t.Abort() };
        var run = Run(protocol);

        await _connection.PeerWriteAsync("x");
        await run.DefaultTimeout();

        Assert.True(_connection.IsAborted);
        Assert.Null(await protocol.Lost.DefaultTimeout());
    }

    [Fact]
    public async Task GracefulStopClosesTheConnection()
    {
        using var stopping = new CancellationTokenSource();
        var protocol = new RecordingProtocol();
        var run = Run(protocol, stopping: stopping.Token);
        await _connection.PeerWriteAsync("x");
        await protocol.ReadDataUntilAsync("x", _timeout.Token);

        await stopping.CancelAsync();

        await run.DefaultTimeout();
        Assert.Null(await protocol.Lost.DefaultTimeout());
        Assert.Equal("lost:null", protocol.Events[^1]);
    }

    [Fact]
    public async Task TransportReportsTheConnectionsIdentity()
    {
        var protocol = new RecordingProtocol();
        var run = Run(protocol);
        await _connection.PeerWriteAsync("x");
        await protocol.ReadDataUntilAsync("x", _timeout.Token);

        Assert.Equal(_connection.Id, protocol.Connection.ConnectionId);
        Assert.Equal(_connection.LocalEndPoint, protocol.Connection.LocalEndPoint);
        Assert.Equal(_connection.RemoteEndPoint, protocol.Connection.RemoteEndPoint);
        Assert.False(protocol.Connection.IsClosing);

        _connection.PeerEndOfStream();
        await run.DefaultTimeout();
        Assert.True(protocol.Connection.IsClosing);
    }

    private Task Run(
        Protocol protocol,
        Action<NetServerOptions>? configure = null,
        long maxWriteBufferSize = 1 << 20,
        InMemoryConnection? connection = null,
        CancellationToken stopping = default)
    {
        var target = connection ?? _connection;
        var context = TestServer.Context(_clock, configure, stopping: stopping);
        return Task.Run(async () =>
        {
            try
            {
                await new ProtocolRunner(target, protocol, context, maxWriteBufferSize).RunAsync();
            }
            finally
            {
                await target.DisposeAsync();
            }
        }, CancellationToken.None);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed class EchoLines : LineProtocol
    {
        private readonly Lock _lock = new();
        private readonly List<string> _received = [];

        public string? QuitOn { get; init; }

        public IReadOnlyList<string> Received
        {
            get
            {
                lock (_lock)
                {
                    return [.. _received];
                }
            }
        }

        public override void OnLineReceived(string line)
        {
            lock (_lock)
            {
                _received.Add(line);
            }

            SendLine(line);
            if (line == QuitOn)
            {
                Transport.LoseConnection();
            }
        }
    }

    private sealed class EchoMessages : LengthPrefixedProtocol
    {
        public override void OnMessageReceived(System.Buffers.ReadOnlySequence<byte> message) => SendMessage(System.Buffers.BuffersExtensions.ToArray(message));
    }
}
