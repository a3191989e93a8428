using System.Buffers;
using System.Net.Sockets;
using Netwright.Errors;

namespace Netwright.Transport.Internal;

internal sealed partial class SocketConnection
{
    /// <summary>
    /// The most bytes one send carries: a send completes only once the socket has taken all of it, so bigger buffers
    /// are sent in slices for the write timeout to see a slow but steady reader make progress.
    /// </summary>
    private const int MaxSendSlice = 64 * 1024;

    private List<ArraySegment<byte>>? _segments;
    private volatile bool _sendBlocked;

    internal override bool IsSendBlocked => _sendBlocked;

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
                if (buffer.Length > MaxSendSlice)
                {
                    var slice = buffer.Slice(0, MaxSendSlice);
                    await SendAsync(slice).ConfigureAwait(false);
                    reader.AdvanceTo(slice.End);
                    continue;
                }

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
            Touch(await Blocking(_sender.SendAsync(_socket, buffer.First)).ConfigureAwait(false), ref _bytesSent);
            return;
        }

        // Several segments go out in one sendmsg (gather), as Kestrel does: one system call, not one per 4 KiB.
        if (TryFillSegmentList(buffer))
        {
            Touch(await Blocking(_sender.SendAsync(_socket, _segments!)).ConfigureAwait(false), ref _bytesSent);
            _segments!.Clear();
            return;
        }

        foreach (var segment in buffer)
        {
            Touch(await Blocking(_sender.SendAsync(_socket, segment)).ConfigureAwait(false), ref _bytesSent);
        }
    }

    /// <summary>Marks the connection as waiting on the peer while a send that did not complete at once is pending.</summary>
    private ValueTask<int> Blocking(ValueTask<int> send)
    {
        return send.IsCompleted ? send : AwaitBlockedAsync(send);
    }

    private async ValueTask<int> AwaitBlockedAsync(ValueTask<int> send)
    {
        _sendBlocked = true;
        try
        {
            return await send.ConfigureAwait(false);
        }
        finally
        {
            _sendBlocked = false;
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
