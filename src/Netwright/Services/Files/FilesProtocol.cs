using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Netwright.Protocols;
using Netwright.Services.Files.Internal;
using Netwright.Transport;

namespace Netwright.Services.Files;

/// <summary>
/// The file server in the event style: data callbacks feed the shared protocol core through a bounded pipe, and
/// the core's replies and file bytes go out through <see cref="ITransport.Write(ReadOnlySpan{byte})"/>.
/// </summary>
/// <remarks>
/// Reading pauses while the core is a full buffer behind (disk slower than network), and the writer waits for the
/// transport to drain before producing more (Twisted's producer/consumer), so memory stays bounded both ways.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The CancellationTokenSource never gets a timer, so it holds nothing to dispose; disposing it could race OnConnectionLost's Cancel.")]
internal sealed class FilesProtocol : Protocol
{
    private const long BufferLimit = 1024 * 1024;
    private const int WriteSlice = 16 * 1024;
    private static readonly PipeOptions s_pipeOptions = new(
        pauseWriterThreshold: BufferLimit,
        resumeWriterThreshold: BufferLimit / 2,
        readerScheduler: PipeScheduler.ThreadPool,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly FileServerState _state;
    private readonly ILogger _logger;
    private readonly Pipe _requests = new(s_pipeOptions);
    private readonly Pipe _replies = new(s_pipeOptions);
    private readonly CancellationTokenSource _closed = new();
    private Task? _core;
    private Task? _pump;

    public FilesProtocol(FileServerState state, ILogger logger)
    {
        _state = state;
        _logger = logger;
    }

    public override void OnConnected()
    {
        var remote = NetEndPoint.Format(Transport.RemoteEndPoint);
        _core = Task.Run(() => RunCoreAsync(remote));
        _pump = Task.Run(PumpRepliesAsync);
    }

    public override void OnDataReceived(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            _requests.Writer.Write(segment.Span);
        }

        var flush = _requests.Writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            Transport.PauseReading();
            _ = ResumeWhenDrainedAsync(flush);
        }
    }

    public override void OnConnectionLost(Exception? reason)
    {
        _requests.Writer.Complete();
        _closed.Cancel();
    }

    private async Task ResumeWhenDrainedAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        finally
        {
            Transport.ResumeReading();
        }
    }

    private async Task RunCoreAsync(string remote)
    {
        try
        {
            using var channel = new FrameChannel(_requests.Reader, _replies.Writer, _state.Options.StallTimeout, _closed.Token);
            using var core = new FileServerSession(_state, channel, _logger, remote);
            await core.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            await _requests.Reader.CompleteAsync().ConfigureAwait(false);
            await _replies.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpRepliesAsync()
    {
        try
        {
            while (true)
            {
                var result = await _replies.Reader.ReadAsync().ConfigureAwait(false);
                // In slices well under the transport's write limit, waiting for room after each: a writer outside the
                // callbacks that piles up more than twice the limit unsent is dropped as a peer that does not read.
                foreach (var segment in result.Buffer)
                {
                    for (var offset = 0; offset < segment.Length; offset += WriteSlice)
                    {
                        Transport.Write(segment.Slice(offset, Math.Min(WriteSlice, segment.Length - offset)).Span);
                        await DrainAsync().ConfigureAwait(false);
                    }
                }

                _replies.Reader.AdvanceTo(result.Buffer.End);

                if (result.IsCompleted || Transport.IsClosing)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is Errors.ConnectionResetException or Errors.ConnectionAbortedException)
        {
            // The client went away; the core sees the end of its input and finishes on its own.
        }
        finally
        {
            await _replies.Reader.CompleteAsync().ConfigureAwait(false);
            Transport.LoseConnection();
        }

        try
        {
            await (_core ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            FilesLog.Unexpected(_logger, ex);
        }
    }
}
