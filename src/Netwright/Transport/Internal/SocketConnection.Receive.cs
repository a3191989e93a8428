using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Transport.Internal;

internal sealed partial class SocketConnection
{
    /// <summary>How many receives may complete at once, back to back, before the loop yields the thread.</summary>
    private const int MaxReceivesInARow = 16;

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        var inARow = 0;
        var sizeHint = _options.MinimumReceiveBufferSize;
        try
        {
            while (true)
            {
                // Wait for readability before renting a buffer, so an idle connection holds no buffer memory.
                var waited = false;
                if (_options.WaitForDataBeforeAllocatingBuffer)
                {
                    var ready = _receiver.ReceiveAsync(_socket, Memory<byte>.Empty);
                    waited = !ready.IsCompleted;
                    await ready.ConfigureAwait(false);
                }

                var memory = writer.GetMemory(sizeHint);
                var receive = _receiver.ReceiveAsync(_socket, memory);
                waited |= !receive.IsCompleted;
                if (waited)
                {
                    inARow = 0;
                }
                else if (++inARow >= MaxReceivesInARow)
                {
                    // A peer that keeps data waiting would keep this loop running on the thread (the epoll thread,
                    // with inline completions) and starve every other connection; let them have a turn.
                    inARow = 0;
                    await Task.Yield();
                }

                var received = await receive.ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                Touch(received, ref _bytesReceived);
                sizeHint = NextSizeHint(sizeHint, received, memory.Length);

                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    await DrainAsync().ConfigureAwait(false);
                    break;
                }

                if (flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (SocketException ex) when (SocketErrors.IsConnectionLost(ex.SocketErrorCode) && _abortReason is null)
        {
            error = SocketErrors.ConnectionLost(ex, Id, sending: false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException && (_abortReason is not null || Volatile.Read(ref _disposed) != 0))
        {
            error = _abortReason;
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            writer.Complete(error);
            // The peer's FIN is only a half-close: the application sees it as the end of Input and may still
            // reply, so it must not cancel the handler's token. A reset or an abort does end the connection.
            if (error is not null)
            {
                FireClosed();
            }
        }
    }

    /// <summary>
    /// The application stopped reading but the peer may still be sending. Closing now would turn our FIN
    /// into a RST that can destroy the last reply in flight (an error line, say), so read and discard
    /// until the peer closes; <see cref="PipeConnection.DisposeAsync"/> bounds how long.
    /// </summary>
    private async Task DrainAsync()
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await _receiver.ReceiveAsync(_socket, scratch).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
