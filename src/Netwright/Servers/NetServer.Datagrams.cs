using Netwright.Applications;
using Netwright.Diagnostics;
using Netwright.Errors;
using Netwright.Framing;
using Netwright.Servers.Internal;
using Netwright.Transport;

namespace Netwright.Servers;

public sealed partial class NetServer
{
    private Task StartDatagramLoop(Binding binding)
    {
        if (Options.Transport.Engine != TransportEngine.Epoll || ExecutionContext.IsFlowSuppressed())
        {
            return DatagramLoopAsync(binding);
        }

        // The epoll engine resumes the loop on the reactor thread; it must not carry the starter's execution context
        // (its AsyncLocals), which every resumption would otherwise restore.
        using (ExecutionContext.SuppressFlow())
        {
            return DatagramLoopAsync(binding);
        }
    }

    /// <summary>
    /// One endpoint's loop, whatever the engine: takes what the engine's receiver has queued (one datagram on the
    /// sockets engine, up to 64 with one <c>recvmmsg</c> on epoll) and runs the application on each in order. A
    /// handler that goes asynchronous is awaited before the next datagram; on epoll the loop then carries on from
    /// whichever thread completed it until it next waits, and replies made meanwhile go out with a direct <c>sendto</c>
    /// (<see cref="DatagramChannel.SendToAsync"/>).
    /// </summary>
    private async Task DatagramLoopAsync(Binding binding)
    {
        await Task.Yield();
        var channel = binding.Channel!;
        var application = binding.DatagramApplication!;
        var endPoint = binding.Bound!.ToString();
        var tags = binding.Tags;
        var filter = Options.AccessControl.Allow.Count > 0 || Options.AccessControl.Deny.Count > 0;
        var sender = channel.CreateAddressBuffer();
        var datagram = new Datagram(channel, sender, _stopping.Token);
        var receiver = binding.Receiver!;
        var rate = Options.AccessControl.MaxDatagramRatePerSource;
        var limiter = rate > 0 ? new DatagramRateLimiter(rate, Context.TimeProvider) : null;
        var limitCause = "DatagramRateLimited " + endPoint;
        try
        {
            using var stop = _stopping.Token.UnsafeRegister(static state => ((IDatagramReceiver)state!).Close(), receiver);
            while (!_stopping.IsCancellationRequested)
            {
                int count;
                try
                {
                    count = await receiver.ReceiveAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (NetwrightException ex) when (ex is not ConnectionAbortedException)
                {
                    // Linux reports an earlier reply's ICMP "port unreachable" on the next receive (udp(7), ERRORS; .NET passes it
                    // on: https://github.com/dotnet/runtime/issues/35048); the server goes on.
                    LogDatagramError(endPoint, ex.Message);
                    continue;
                }

                if (count == 0)
                {
                    break;
                }

                for (var i = 0; i < count && !_stopping.IsCancellationRequested; i++)
                {
                    var payload = receiver.Payload(i);
                    receiver.CopySender(i, sender);
                    _metrics.Datagram(tags, "receive", payload.Length);
                    datagram.Reset(payload);
                    if (filter && !_gate.AllowsDatagramFrom(datagram.RemoteEndPoint))
                    {
                        // Dropped unanswered and unlogged: a flood from a denied address costs only its receives.
                        continue;
                    }

                    if (limiter is not null && !limiter.TryAcquire(sender))
                    {
                        // Over its source's rate: dropped before the application, so a flood costs a look-up per datagram.
                        if (Context.LogLimiter.ShouldLog(limitCause, out var suppressed))
                        {
                            NetwrightLog.DatagramRateLimited(_logger, endPoint, NetEndPoint.Format(datagram.RemoteEndPoint), rate, suppressed);
                        }

                        continue;
                    }

                    try
                    {
                        await application.OnDatagramAsync(datagram, Context).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex)
                    {
                        ReportDatagramFailure(ex, endPoint, datagram, tags);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            NetwrightLog.AcceptLoopFailed(_logger, ex, endPoint);
        }
        finally
        {
            receiver.Dispose();
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Logs a handler's failure on one datagram; the loop goes on with the next.</summary>
    private void ReportDatagramFailure(Exception error, string endPoint, Datagram datagram, in System.Diagnostics.TagList tags)
    {
        _metrics.Error(tags, error);
        // Every datagram can be a peer's doing, so every line here is rate-limited per cause.
        var cause = error switch
        {
            FramingException => "BadDatagram",
            NetwrightException => "DatagramReplyFailed",
            _ => "DatagramHandlerFailed",
        };
        if (!Context.LogLimiter.ShouldLog(cause, out var suppressed))
        {
            return;
        }

        var remote = NetEndPoint.Format(datagram.RemoteEndPoint);
        switch (error)
        {
            case FramingException:
                NetwrightLog.BadDatagram(_logger, endPoint, remote, error.Message, suppressed);
                break;
            case NetwrightException:
                // A reply the network refused (too long for a datagram, no route back): the peer's request, not a bug.
                NetwrightLog.DatagramReplyFailed(_logger, endPoint, remote, error.Message, suppressed);
                break;
            default:
                NetwrightLog.DatagramHandlerFailed(_logger, error, endPoint, remote, suppressed);
                break;
        }
    }

    private void LogDatagramError(string endPoint, string reason)
    {
        if (Context.LogLimiter.ShouldLog("DatagramError", out var suppressed))
        {
            NetwrightLog.DatagramError(_logger, endPoint, reason, suppressed);
        }
    }
}
