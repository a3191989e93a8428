using System.Buffers;
using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Transport.Internal;

internal sealed partial class SocketConnection
{
    private List<ArraySegment<byte>>? _segments;

    private async Task SendLoopAsync()
    {
        Exception? error = null;
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    await SendAsync(buffer).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (_abortReason is null)
            {
                // Everything the application wrote is out: send our FIN, keep receiving until the peer's.
                _socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException ex) when (SocketErrors.IsConnectionLost(ex.SocketErrorCode) && _abortReason is null)
        {
            error = SocketErrors.ConnectionLost(ex, Id, sending: true);
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
            // Completing the reader makes the application's next FlushAsync report IsCompleted.
            reader.Complete(error ?? _abortReason);
            if (error is not null)
            {
                Abort(error);
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            var sent = await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
            Touch(sent, ref _bytesSent);
            return;
        }

        // Several segments go out in one sendmsg (gather), as Kestrel does: one system call, not one per 4 KiB.
        if (TryFillSegmentList(buffer))
        {
            var sent = await _socket.SendAsync(_segments!, SocketFlags.None).ConfigureAwait(false);
            Touch(sent, ref _bytesSent);
            _segments!.Clear();
            return;
        }

        foreach (var segment in buffer)
        {
            var sent = await _socket.SendAsync(segment, SocketFlags.None).ConfigureAwait(false);
            Touch(sent, ref _bytesSent);
        }
    }

    private bool TryFillSegmentList(in ReadOnlySequence<byte> buffer)
    {
        _segments ??= new List<ArraySegment<byte>>(8);
        _segments.Clear();
        foreach (var segment in buffer)
        {
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(segment, out var array))
            {
                _segments.Clear();
                return false;
            }

            _segments.Add(array);
        }

        return true;
    }
}
