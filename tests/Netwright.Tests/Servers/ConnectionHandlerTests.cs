using Netwright.Framing;
using Netwright.Servers;
using Netwright.Streams;
using Netwright.Testing;
using Netwright.Tests.Support;

namespace Netwright.Tests.Servers;

public sealed class ConnectionHandlerTests
{
    private readonly InMemoryConnection _connection = new();
    private readonly TestTimeProvider _clock = new();

    [Fact]
    public async Task SetupHandleAndFinishRunInOrderAndFinishRunsWhenHandleThrows()
    {
        var handler = new StepHandler { Throw = true };

        var error = await ServiceRun.Start(handler, _connection, TestServer.Context(_clock)).DefaultTimeout();

        Assert.IsType<InvalidOperationException>(error);
        Assert.Equal(["setup", "handle", "finish"], handler.Steps);
    }

    [Fact]
    public async Task SessionFollowsTheServersLineOptions()
    {
        var handler = ConnectionHandler.Create(async (session, ct) =>
        {
            while (true)
            {
                try
                {
                    if (await session.ReadLineAsync(ct) is not { } line)
                    {
                        return;
                    }

                    await session.WriteLineAsync("ok " + line, ct);
                }
                catch (FramingException error)
                {
                    await session.WriteLineAsync("bad " + error.Error, ct);
                }
            }
        });
        var run = ServiceRun.Start(handler, _connection, TestServer.Context(_clock, o => o.MaxLineLength = 4));

        await _connection.PeerWriteAsync("1234\n12345\nab");
        _connection.PeerEndOfStream();

        Assert.Null(await run.DefaultTimeout());
        Assert.Equal("ok 1234\nbad LineTooLong\nok ab\n"u8.ToArray(), await _connection.PeerReadToEndAsync().DefaultTimeout());
    }

    [Fact]
    public async Task HandlersTokenFiresWhenTheConnectionIsAborted()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = ConnectionHandler.Create(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        var run = ServiceRun.Start(handler, _connection, TestServer.Context(_clock));
        await started.Task.DefaultTimeout();

        _connection.Abort();

        Assert.IsAssignableFrom<OperationCanceledException>(await run.DefaultTimeout());
    }

    [Fact]
    public async Task GracefulStopEndsALineLoop()
    {
        using var stopping = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = ConnectionHandler.Create(async (session, ct) =>
        {
            var read = session.ReadLineAsync(ct);
            reading.SetResult();
            Assert.Null(await read);
        });
        var run = ServiceRun.Start(handler, _connection, TestServer.Context(_clock, stopping: stopping.Token));
        await reading.Task.DefaultTimeout();

        await stopping.CancelAsync();

        Assert.Null(await run.DefaultTimeout());
    }

    [Fact]
    public void CreateRefusesANullDelegate()
    {
        Assert.Throws<ArgumentNullException>(() => ConnectionHandler.Create(null!));
    }

    private sealed class StepHandler : ConnectionHandler
    {
        public List<string> Steps { get; } = [];

        public bool Throw { get; init; }

        public override Task HandleAsync(StreamSession session, CancellationToken cancellationToken)
        {
            Steps.Add("handle");
            return Throw ? throw new InvalidOperationException("handler bug") : Task.CompletedTask;
        }

        protected override ValueTask SetupAsync(StreamSession session)
        {
            Steps.Add("setup");
            return ValueTask.CompletedTask;
        }

        protected override ValueTask FinishAsync(StreamSession session)
        {
            Steps.Add("finish");
            return ValueTask.CompletedTask;
        }
    }
}
