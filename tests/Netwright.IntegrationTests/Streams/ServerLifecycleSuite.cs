using Microsoft.Extensions.Logging;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Servers;
using Netwright.Services;

namespace Netwright.IntegrationTests.Streams;

/// <summary>Connection limits and graceful stop over a stream transport.</summary>
public abstract class ServerLifecycleSuite(StreamTransport transport) : StreamSuite(transport)
{
    [Fact]
    public async Task StopLetsABusyHandlerFinishAndAbortsTheRestWhenTheGraceEnds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stubbornStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stubbornSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = ConnectionHandler.Create(async (session, cancellationToken) =>
        {
            var role = await session.ReadLineAsync(cancellationToken);
            if (role == "busy")
            {
                // Mid-request when the stop begins: it must be allowed to finish and answer.
                busyStarted.SetResult();
                await release.Task;
                await session.WriteLineAsync("finished", cancellationToken);
                return;
            }

            // Ignores the stop signal; only the abort at the end of the grace period ends it.
            stubbornStarted.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                stubbornSawAbort.SetResult();
            }
        });
        var server = await CreateServerAsync(handler);
        await using var busy = await ConnectAsync(server);
        await using var stubborn = await ConnectAsync(server);
        await busy.SendAsync("busy\n");
        await stubborn.SendAsync("stubborn\n");
        await Task.WhenAll(busyStarted.Task, stubbornStarted.Task).WithTimeout();
        using var grace = new CancellationTokenSource();

        var stopping = server.StopAsync(grace.Token);
        release.SetResult();
        Assert.Equal("finished", await busy.ReadLineAsync());
        Assert.True(await busy.WaitForCloseAsync(), "the finished handler's connection should end with a clean close");
        await busy.DisposeAsync();

        Assert.False(stopping.IsCompleted, "StopAsync returned while a connection was still open inside the grace period");
        Assert.Empty(Logs.WithEvent("AbortingConnections"));
        await grace.CancelAsync();
        await stopping.WithTimeout();
        await stubbornSawAbort.Task.WithTimeout();
        await stubborn.WaitForCloseAsync();
        Assert.Equal(LogLevel.Warning, Assert.Single(Logs.WithEvent("AbortingConnections")).Level);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ServiceStyle.Handler)]
    [InlineData(ServiceStyle.Event)]
    public async Task ConnectionsOverTheLimitAreRejectedAndLogged(ServiceStyle style)
    {
        var closed = new SemaphoreSlim(0);
        var options = new NetServerOptions { MaxConnections = 2, ConnectionClosed = _ => closed.Release() };
        var server = await CreateServerAsync(ServiceCatalog.Timestamp.CreateStreamApplication(style, Clock), options);
        var first = await ConnectAsync(server);
        await using var second = await ConnectAsync(server);
        await first.SendAsync("one\n");
        await second.SendAsync("two\n");
        Assert.Equal(Stamped("one"), await first.ReadLineAsync());
        Assert.Equal(Stamped("two"), await second.ReadLineAsync());

        await using var extra = await ConnectAsync(server);
        await extra.WaitForCloseAsync();

        var rejected = Assert.Single(Logs.WithEvent("ConnectionRejected"));
        Assert.Equal(LogLevel.Warning, rejected.Level);
        Assert.Contains("2", rejected.Message);
        await first.DisposeAsync();
        Assert.True(await closed.WaitAsync(Timeouts.Step), "the first connection did not close");
        await using var later = await ConnectAsync(server);
        await later.SendAsync("three\n");
        Assert.Equal(Stamped("three"), await later.ReadLineAsync());
        await second.SendAsync("still two\n");
        Assert.Equal(Stamped("still two"), await second.ReadLineAsync());
    }

    [Fact]
    public async Task HandlerThatThrowsClosesOnlyItsConnectionAndIsLoggedAsAnError()
    {
        var handler = ConnectionHandler.Create(async (session, cancellationToken) =>
        {
            var line = await session.ReadLineAsync(cancellationToken);
            if (line == "boom")
            {
                throw new InvalidOperationException("handler bug");
            }

            await session.WriteLineAsync("ok " + line, cancellationToken);
        });
        var server = await CreateServerAsync(handler);
        await using var victim = await ConnectAsync(server);
        await using var bystander = await ConnectAsync(server);

        await victim.SendAsync("boom\n");
        await victim.WaitForCloseAsync();
        await bystander.SendAsync("fine\n");

        Assert.Equal("ok fine", await bystander.ReadLineAsync());
        var failure = Assert.Single(Logs.WithEvent("HandlerFailed"));
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.IsType<InvalidOperationException>(failure.Exception);
    }
}
