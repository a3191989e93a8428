using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Info;

/// <summary>
/// <c>netwright info ENDPOINT</c>: connects with a plain socket, like the tutorials' <c>connect.py</c>, and prints
/// getsockname/getpeername, the time to connect and the socket options in force.
/// </summary>
internal static class EndpointInfo
{
    public static async Task<int> RunAsync(CliConsole console, string text, TimeSpan timeout, bool json, CancellationToken cancellationToken)
    {
        NetEndPoint endpoint;
        try
        {
            endpoint = NetEndPoint.Parse(text);
        }
        catch (FormatException ex) when (!text.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"{ex.Message} (to look up a host: netwright info host {text.Trim()})", ex);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var stopwatch = Stopwatch.StartNew();
        Socket socket;
        try
        {
            socket = await ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetworkTimeoutException($"connecting to {endpoint} timed out after {timeout.TotalSeconds:0.###} s");
        }

        using (socket)
        {
            var elapsed = stopwatch.Elapsed;
            var local = NetEndPoint.Format(socket.LocalEndPoint);
            var peer = NetEndPoint.Format(socket.RemoteEndPoint);
            var options = ReadOptions(socket, endpoint);
            if (json)
            {
                var report = new EndpointReport(
                    endpoint.ToString(),
                    HostInfo.FamilyName(socket.AddressFamily),
                    HostInfo.TypeName(socket.SocketType),
                    local,
                    peer,
                    Math.Round(elapsed.TotalMilliseconds, 3),
                    options.ToDictionary(o => o.Key, o => o.Value));
                await InfoJson.WriteAsync(console.Out, report).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            TextTable.KeyValue()
                .Add("endpoint", endpoint.ToString())
                .Add("family", $"{HostInfo.FamilyName(socket.AddressFamily)} {HostInfo.TypeName(socket.SocketType)}")
                .Add("local address", $"{local}  (getsockname)")
                .Add("peer address", $"{peer}  (getpeername)")
                .Add("connect time", $"{elapsed.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)} ms")
                .WriteTo(console.Out);
            await console.Out.WriteLineAsync().ConfigureAwait(false);
            var table = new TextTable("OPTION", "VALUE");
            foreach (var option in options)
            {
                table.Add(option.Label, option.Text);
            }

            table.WriteTo(console.Out);
            return ExitCodes.Success;
        }
    }

    private static async Task<Socket> ConnectAsync(NetEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await endpoint.ResolveAsync(cancellationToken).ConfigureAwait(false);
        NetwrightException? last = null;
        foreach (var address in addresses)
        {
            var socket = endpoint.IsUnix
                ? new Socket(AddressFamily.Unix, endpoint.IsStream ? SocketType.Stream : SocketType.Dgram, ProtocolType.Unspecified)
                : new Socket(address.AddressFamily, endpoint.IsStream ? SocketType.Stream : SocketType.Dgram, endpoint.IsStream ? ProtocolType.Tcp : ProtocolType.Udp);
            try
            {
                await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                // Like Python's create_connection: remember the failure and try the host's next address.
                socket.Dispose();
                last = InfoErrors.FromSocketException(ex, endpoint);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new HostNotFoundException($"'{endpoint}' resolved to no addresses");
    }

    private static List<SocketOptionValue> ReadOptions(Socket socket, NetEndPoint endpoint)
    {
        int? noDelay = endpoint.Kind == TransportKind.Tcp ? Read(() => socket.NoDelay ? 1 : 0) : null;
        int? keepAlive = endpoint.IsStream ? Read(() => (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!) : null;
        var reuse = Read(() => (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
        var send = Read(() => socket.SendBufferSize);
        var receive = Read(() => socket.ReceiveBufferSize);
        return
        [
            new("noDelay", "no-delay (TCP_NODELAY)", OnOff(noDelay), noDelay is null ? null : noDelay != 0),
            new("keepAlive", "keep-alive (SO_KEEPALIVE)", OnOff(keepAlive), keepAlive is null ? null : keepAlive != 0),
            new("sendBufferSize", "send buffer (SO_SNDBUF)", Bytes(send), send),
            new("receiveBufferSize", "receive buffer (SO_RCVBUF)", Bytes(receive), receive),
            new("reuseAddress", "reuse-address (SO_REUSEADDR)", OnOff(reuse), reuse is null ? null : reuse != 0),
        ];
    }

    private static int? Read(Func<int> read)
    {
        try
        {
            return read();
        }
        catch (SocketException)
        {
            // Not every option exists for every socket type; the report shows "n/a" (null in JSON).
            return null;
        }
    }

    private static string OnOff(int? value) => value is null ? "n/a" : value.Value != 0 ? "on" : "off";

    private static string Bytes(int? value) => value is null ? "n/a" : $"{value.Value.ToString(CultureInfo.InvariantCulture)} bytes";

    private sealed record SocketOptionValue(string Key, string Label, string Text, object? Value);

    private sealed record EndpointReport(
        string Endpoint,
        string Family,
        string SocketType,
        string LocalAddress,
        string PeerAddress,
        double ConnectMilliseconds,
        Dictionary<string, object?> Options);
}
