using System.Diagnostics;
using Netwright.Diagnostics;
using Netwright.Errors;
using Netwright.Framing;
using Netwright.Servers.Internal;
using Netwright.Transport;

namespace Netwright.Servers;

public sealed partial class NetServer
{
    /// <summary>
    /// The most accepted connections whose start may wait on the thread pool at once. Without a bound the accept loop
    /// ran ahead of the starts on a loaded machine: a connect-then-close flood (each a full connection) left thousands
    /// accepted and queued, 30 to 70 MiB of connection objects the process had to hold, while the same connections
    /// waiting in the listen backlog cost only kernel memory, bounded by the backlog. Past this many the loop waits for
    /// a start before it accepts again, so the queue stays in the kernel.
    /// </summary>
    internal const int MaxPendingStarts = 64;

    private async Task AcceptLoopAsync(Binding binding)
    {
        // Leave the caller of StartAsync at once; the loop lives on the thread pool.
        await Task.Yield();
        var listener = binding.Listener!;
        var endPoint = binding.Bound!.ToString();
        try
        {
            while (true)
            {
                await _startSlots.WaitAsync().ConfigureAwait(false);
                if (await listener.AcceptAsync().ConfigureAwait(false) is not { } connection)
                {
                    _startSlots.Release();
                    break;
                }

                if (_gate.TryAdmit(connection.RemoteEndPoint, out var address) is { } refusal)
                {
                    // A refused connection never starts: its slot is returned at once.
                    _startSlots.Release();
                    Reject(connection, binding, refusal.Reason, refusal.Detail);
                    continue;
                }

                if (Volatile.Read(ref _openConnections) >= Options.MaxConnections)
                {
                    if (address is not null)
                    {
                        _gate.Release(address);
                    }

                    _startSlots.Release();
                    Reject(connection, binding, "max_connections", $"{Options.MaxConnections} connections are open");
                    continue;
                }

                var entry = new ConnectionEntry(Stopwatch.GetTimestamp(), address);
                _connections[connection] = entry;
                Interlocked.Increment(ref _openConnections);
                // Each connection starts on the thread pool so a handler's synchronous start never delays accepting.
                ThreadPool.UnsafeQueueUserWorkItem(
                    static state => _ = state.Server.ServeAsync(state.Connection, state.Binding, state.Entry),
                    (Server: this, Connection: connection, Binding: binding, Entry: entry),
                    preferLocal: false);
            }
        }
        catch (Exception ex)
        {
            NetwrightLog.AcceptLoopFailed(_logger, ex, endPoint);
        }
    }

    private void Reject(Connection connection, Binding binding, string reason, string detail)
    {
        var remote = NetEndPoint.Format(connection.RemoteEndPoint);
        // At most one line per address and reason per interval: a flood of refused connects must not flood the log.
        if (Context.LogLimiter.ShouldLog($"{reason} {AddressKey(connection.RemoteEndPoint)}", out var suppressed))
        {
            NetwrightLog.ConnectionRejected(_logger, remote, detail, suppressed);
        }

        _metrics.Rejected(binding.Tags, reason);
        connection.Abort(new ConnectionAbortedException($"connection refused: {detail}"));
        _ = connection.DisposeAsync().AsTask();
    }

    private async Task ServeAsync(Connection connection, Binding binding, ConnectionEntry entry)
    {
        _startSlots.Release();
        // binding.Tags is read where needed rather than copied into a local: a TagList is large, and a local
        // would live in this method's state machine for the whole connection.
        _metrics.ConnectionOpened(binding.Tags);
        using var scope = NetwrightLog.ConnectionScope(_logger, connection.Id);
        NetwrightLog.ConnectionAccepted(_logger, connection.Id, NetEndPoint.Format(connection.RemoteEndPoint), binding.Bound!.ToString());
        Notify(Options.ConnectionOpened, connection);
        try
        {
            await binding.StreamApplication!.RunAsync(connection, Context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReportConnectionError(connection, ex, binding.Tags);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ReportConnectionError(connection, ex, binding.Tags);
            }

            var duration = Stopwatch.GetElapsedTime(entry.OpenedTimestamp);
            _metrics.ConnectionClosed(binding.Tags, duration, connection.BytesReceived, connection.BytesSent);
            NetwrightLog.ConnectionClosed(_logger, connection.Id, (long)duration.TotalMilliseconds, connection.BytesReceived, connection.BytesSent);
            if (_connections.TryRemove(connection, out _))
            {
                Interlocked.Decrement(ref _openConnections);
            }
            if (entry.Address is not null)
            {
                _gate.Release(entry.Address);
            }

            Notify(Options.ConnectionClosed, connection);
            if (State >= ServerState.Stopping && _connections.IsEmpty)
            {
                _drained.TrySetResult();
            }
        }
    }

    private void ReportConnectionError(Connection connection, Exception error, in System.Diagnostics.TagList tags)
    {
        switch (error)
        {
            case FramingException framing:
                if (Context.LogLimiter.ShouldLog("BadInput", out var suppressed))
                {
                    NetwrightLog.BadInput(_logger, connection.Id, framing.Message, suppressed);
                }

                break;
            case ConnectionResetException or ConnectionAbortedException or NetworkTimeoutException or OperationCanceledException:
                NetwrightLog.ConnectionReset(_logger, connection.Id, error.Message);
                return;
            default:
                NetwrightLog.HandlerFailed(_logger, error, connection.Id);
                break;
        }

        _metrics.Error(tags, error);
    }

    private void Notify(Action<Connection>? callback, Connection connection)
    {
        try
        {
            callback?.Invoke(connection);
        }
        catch (Exception ex)
        {
            // A logging callback must not take the connection down with it.
            NetwrightLog.HandlerFailed(_logger, ex, connection.Id);
        }
    }

    private static string AddressKey(System.Net.EndPoint? remote) =>
        remote is System.Net.IPEndPoint ip ? AccessControlOptions.Normalize(ip.Address).ToString() : "local";

    private static TagList Tags(Binding binding)
    {
        var endPoint = binding.Bound ?? binding.Requested;
        var tags = new TagList { { "network.transport", TransportName(endPoint.Kind) } };
        if (endPoint.IsUnix)
        {
            tags.Add("server.address", endPoint.Path);
        }
        else
        {
            tags.Add("server.address", endPoint.Host);
            tags.Add("server.port", endPoint.Port);
        }

        return tags;
    }

    private static string TransportName(TransportKind kind) => kind switch
    {
        TransportKind.Tcp => "tcp",
        TransportKind.Udp => "udp",
        _ => "unix",
    };
}
