using Netwright.Testing;
using Netwright.Tls.Internal;

namespace Netwright.Tests.Tls;

/// <summary>
/// The gate that keeps SslStream's shutdown (OpenSSL's SSL_shutdown) from running beside a read inside OpenSSL:
/// a shutdown waits for the read inside, a read waiting for the socket does not hold it up, and a read arriving
/// during the shutdown waits until it ends.
/// </summary>
public sealed class TlsReadGateTests
{
    [Fact]
    public async Task AShutdownWaitsUntilTheReadInsideComesOut()
    {
        var gate = new TlsReadGate();
        await gate.EnterAsync();
        var shutdownRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var shutdown = gate.ShutdownAsync(() => { shutdownRan.SetResult(); return Task.CompletedTask; });

        Assert.False(shutdownRan.Task.IsCompleted, "the shutdown ran while a read was inside");
        gate.Exit();
        await shutdownRan.Task.DefaultTimeout();
        await shutdown.DefaultTimeout();
    }

    [Fact]
    public async Task AReadParkedOnTheSocketDoesNotHoldUpTheShutdown()
    {
        var gate = new TlsReadGate();
        await gate.EnterAsync();
        gate.Exit(); // parked: the read waits for the socket, outside OpenSSL

        var ran = false;
        await gate.ShutdownAsync(() => { ran = true; return Task.CompletedTask; }).DefaultTimeout();

        Assert.True(ran);
    }

    [Fact]
    public async Task AReadArrivingDuringTheShutdownWaitsUntilItEnds()
    {
        var gate = new TlsReadGate();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inShutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shutdown = gate.ShutdownAsync(async () => { inShutdown.SetResult(); await release.Task; });
        await inShutdown.Task.DefaultTimeout();

        var read = gate.EnterAsync().AsTask();

        Assert.False(read.IsCompleted, "a read went into OpenSSL during the shutdown");
        release.SetResult();
        await shutdown.DefaultTimeout();
        await read.DefaultTimeout();
        gate.Exit();
    }

    [Fact]
    public async Task AFailedShutdownStillLetsReadsIn()
    {
        var gate = new TlsReadGate();

        await Assert.ThrowsAsync<IOException>(() => gate.ShutdownAsync(() => throw new IOException("gone")));

        await gate.EnterAsync().AsTask().DefaultTimeout();
        gate.Exit();
    }
}
