using System.IO.Pipelines;

namespace Netwright.Tls.Internal;

/// <summary>
/// The application's output pipe of a TLS connection: a stream writer over the <see cref="System.Net.Security.SslStream"/>
/// that, when completed, sends what is left, then TLS's close_notify, then ends the socket side (a FIN).
/// </summary>
/// <remarks>
/// Completing a plain connection's output half-closes it; this keeps that meaning under TLS. The completion
/// runs asynchronously (writing to the SslStream never blocks a thread) and the connection awaits it when disposed.
/// </remarks>
internal sealed class TlsOutputWriter(PipeWriter inner, Func<Exception?, Task> shutdown) : PipeWriter
{
    private Task? _completion;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) => inner.WriteAsync(source, cancellationToken);

    public override void Complete(Exception? exception = null) => _ = Start(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => new(Start(exception));

    private Task Start(Exception? exception)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _completion, started.Task, null) is { } existing)
        {
            return existing;
        }

        _ = RunAsync(started, exception);
        return started.Task;
    }

    private async Task RunAsync(TaskCompletionSource done, Exception? exception)
    {
        try
        {
            await inner.CompleteAsync(exception).ConfigureAwait(false);
            await shutdown(exception).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }
}
