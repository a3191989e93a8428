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
        if (Options.Transport.Engine != TransportEngine.Epoll)
        {
            return DatagramLoopAsync(binding);
        }

        if (ExecutionContext.IsFlowSuppressed())
        {
            return EpollDatagramLoopAsync(binding);
        }

        // The epoll loop resumes on the reactor thread; it must not carry the starter's execution context
        // (its AsyncLocals), which every resumption would otherwise restore.
        using (ExecutionContext.SuppressFlow())
        {
            return EpollDatagramLoopAsync(binding);
        }
    }

    private async Task DatagramLoopAsync(Binding binding)
    {
        await Task.Yield();
        var channel = binding.Channel!;
        var endpoint = binding.Bound!.ToString();
        var tags = binding.Tags;
        var filter = Options.AccessControl.Allow.Count > 0 || Options.AccessControl.Deny.Count > 0;
        var buffer = GC.AllocateUninitializedArray<byte>(DatagramChannel.MaxDatagramSize + 1, pinned: true);
        var sender = channel.CreateAddressBuffer();
        var datagram = new Datagram(channel, sender, _stopping.Token);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await channel.ReceiveFromAsync(buffer, sender, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (NetwrightException ex) when (ex is not ConnectionAbortedException)
                {
                    // Linux reports an earlier reply's ICMP "port unreachable" on the next receive; the server goes on.
                    LogDatagramError(endpoint, ex.Message);
                    continue;
                }

                _metrics.Datagram(tags, "receive", received);
                datagram.Reset(buffer.AsMemory(0, received));
                if (filter && !_gate.AllowsDatagramFrom(datagram.RemoteEndPoint))
                {
                    // Dropped unanswered and unlogged: a flood from a denied address costs only its receives.
                    continue;
                }

                try
                {
                    await binding.DatagramApplication!.OnDatagramAsync(datagram, Context).ConfigureAwait(false);
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
        }
        catch (Exception ex)
        {
            NetwrightLog.AcceptLoopFailed(_logger, ex, endpoint);
        }
        finally
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Logs a handler's failure on one datagram; the loop goes on with the next.</summary>
    private void ReportDatagramFailure(Exception error, string endpoint, Datagram datagram, in System.Diagnostics.TagList tags)
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

        var remote = NetEndpoint.Format(datagram.RemoteEndPoint);
        switch (error)
        {
            case FramingException:
                NetwrightLog.BadDatagram(_logger, endpoint, remote, error.Message, suppressed);
                break;
            case NetwrightException:
                // A reply the network refused (too long for a datagram, no route back): the peer's request, not a bug.
                NetwrightLog.DatagramReplyFailed(_logger, endpoint, remote, error.Message, suppressed);
                break;
            default:
                NetwrightLog.DatagramHandlerFailed(_logger, error, endpoint, remote, suppressed);
                break;
        }
    }

    private void LogDatagramError(string endpoint, string reason)
    {
        if (Context.LogLimiter.ShouldLog("DatagramError", out var suppressed))
        {
            NetwrightLog.DatagramError(_logger, endpoint, reason, suppressed);
        }
    }
}
