using System.Net;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Naming;

namespace Netwright.Cli.Commands.Info;

/// <summary><c>netwright info host NAME</c>: every address of a host, like getaddrinfo, with reverse look-ups.</summary>
internal static class HostInfo
{
    public static async Task<int> RunAsync(CliConsole console, string host, TimeSpan timeout, bool json, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        IReadOnlyList<AddressInfo> infos;
        try
        {
            infos = await SocketLookup.GetAddressInfoAsync(host.Trim(), service: null, socketType: null, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetworkTimeoutException($"looking up '{host}' timed out after {timeout.TotalSeconds:0.###} s");
        }

        var addresses = infos.Select(i => i.Address.Address).Distinct().ToList();
        var names = await Task.WhenAll(addresses.Select(a => ReverseAsync(a, cts.Token))).ConfigureAwait(false);
        var reverse = addresses.Zip(names).ToDictionary(p => p.First, p => p.Second);
        var canonical = infos.Count > 0 ? infos[0].CanonicalName : host;

        if (json)
        {
            var report = new HostReport(
                host,
                canonical,
                infos.Select(i => new AddressReport(
                    FamilyName(i.Family), TypeName(i.SocketType), i.Protocol.ToString().ToLowerInvariant(),
                    i.Address.Address.ToString(), reverse[i.Address.Address])).ToList());
            await InfoJson.WriteAsync(console.Out, report).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        TextTable.KeyValue().Add("host", host).Add("canonical name", canonical).WriteTo(console.Out);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        var table = new TextTable("FAMILY", "TYPE", "PROTOCOL", "ADDRESS", "REVERSE");
        foreach (var info in infos)
        {
            table.Add(
                FamilyName(info.Family),
                TypeName(info.SocketType),
                info.Protocol.ToString().ToLowerInvariant(),
                info.Address.Address.ToString(),
                reverse[info.Address.Address] ?? "-");
        }

        table.WriteTo(console.Out);
        return ExitCodes.Success;
    }

    public static string FamilyName(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => "AF_INET",
        AddressFamily.InterNetworkV6 => "AF_INET6",
        AddressFamily.Unix => "AF_UNIX",
        _ => family.ToString(),
    };

    public static string TypeName(SocketType type) => type switch
    {
        SocketType.Stream => "SOCK_STREAM",
        SocketType.Dgram => "SOCK_DGRAM",
        _ => type.ToString(),
    };

    private static async Task<string?> ReverseAsync(IPAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await SocketLookup.GetHostByAddressAsync(address, cancellationToken).ConfigureAwait(false);
            return entry?.HostName;
        }
        catch (Exception ex) when (ex is HostNotFoundException or OperationCanceledException)
        {
            // A reverse name is a nicety: a failed or slow look-up shows as "-" rather than failing the report.
            return null;
        }
    }

    private sealed record HostReport(string Host, string CanonicalName, IReadOnlyList<AddressReport> Addresses);

    private sealed record AddressReport(string Family, string SocketType, string Protocol, string Address, string? Reverse);
}
