using Netwright.Diagnostics;
using Netwright.Errors;
using Netwright.Servers.Internal;
using Netwright.Transport.Epoll;

namespace Netwright.Servers;

public sealed partial class NetServer
{
    /// <summary>
    /// The epoll engine's datagram loop: takes every queued datagram with one <c>recvmmsg</c> (up to
    /// <see cref="EpollDatagramReceiver.BatchSize"/>), runs the application on each in order, and waits for
    /// readiness on the reactor, which resumes the loop inline. Replies made during the batch go out at once with a
    /// direct <c>sendto</c> (<see cref="Transport.DatagramChannel.SendToAsync"/>). A handler that goes
    /// asynchronous is awaited before the next datagram, as on the sockets engine; the loop then carries on from
    /// whichever thread completed it until it next waits.
    /// </summary>
    private async Task EpollDatagramLoopAsync(Binding binding)
    {
        await Task.Yield();
        var channel = binding.Channel!;
        var application = binding.DatagramApplication!;
        var endpoint = binding.Bound!.ToString();
        var tags = binding.Tags;
        var filter = Options.AccessControl.Allow.Count > 0 || Options.AccessControl.Deny.Count > 0;
        var sender = channel.CreateAddressBuffer();
        var datagram = new Datagram(channel, sender, _stopping.Token);
        EpollDatagramReceiver? receiver = null;
        try
        {
            receiver = new EpollDatagramReceiver(channel.Socket);
            channel.UseDirectSend();
            using var stop = _stopping.Token.UnsafeRegister(static state => ((EpollDatagramReceiver)state!).Close(), receiver);
            while (!_stopping.IsCancellationRequested)
            {
                var count = receiver.Receive(out var errno);
                if (count == 0)
                {
                    if (errno == LibC.EAGAIN)
                    {
                        if (!await receiver.WaitReadableAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        continue;
                    }

                    var error = EpollDatagramReceiver.CreateError(errno, endpoint);
                    if (error is ConnectionAbortedException)
                    {
                        throw error;
                    }

                    // Linux reports an earlier reply's ICMP "port unreachable" on the next receive; the server goes on.
                    LogDatagramError(endpoint, error.Message);
                    continue;
                }

                channel.CountReceived(count);
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
                        ReportDatagramFailure(ex, endpoint, datagram, tags);
                    }
                }

                // A short batch emptied the queue: skip the receive that would only say EAGAIN and wait at once
                // (level-triggered, so anything that arrived meanwhile reports immediately).
                if (count < EpollDatagramReceiver.BatchSize && !await receiver.WaitReadableAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            NetwrightLog.AcceptLoopFailed(_logger, ex, endpoint);
        }
        finally
        {
            receiver?.Dispose();
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
