using System.Globalization;
using Netwright.Naming;

namespace Netwright.Cli.Commands.Info;

/// <summary><c>netwright info</c> alone: this machine's names and network interfaces.</summary>
internal static class MachineInfo
{
    public static async Task<int> RunAsync(CliConsole console, TimeSpan timeout, bool json, CancellationToken cancellationToken)
    {
        var hostName = SocketLookup.GetHostName();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        string fqdn;
        try
        {
            fqdn = await SocketLookup.GetFullyQualifiedDomainNameAsync(hostName, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Like getfqdn, a slow resolver leaves the plain host name.
            fqdn = hostName;
        }

        var interfaces = SocketLookup.GetInterfaces();
        if (json)
        {
            var report = new MachineReport(
                hostName,
                fqdn,
                interfaces.Select(i => new InterfaceReport(
                    i.Name, i.Index, i.IsUp ? "up" : "down", i.Kind, i.PhysicalAddress,
                    i.Addresses.Select(a => a.ToString()).ToList())).ToList());
            await InfoJson.WriteAsync(console.Out, report).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        TextTable.KeyValue().Add("host name", hostName).Add("fully qualified name", fqdn).WriteTo(console.Out);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        var table = new TextTable("INTERFACE", "INDEX", "STATE", "TYPE", "ADDRESS");
        foreach (var nic in interfaces)
        {
            var first = nic.Addresses.Count > 0 ? nic.Addresses[0].ToString() : "-";
            table.Add(nic.Name, nic.Index.ToString(CultureInfo.InvariantCulture), nic.IsUp ? "up" : "down", nic.Kind, first);
            foreach (var address in nic.Addresses.Skip(1))
            {
                table.Add(string.Empty, string.Empty, string.Empty, string.Empty, address.ToString());
            }
        }

        table.WriteTo(console.Out);
        return ExitCodes.Success;
    }

    private sealed record MachineReport(string HostName, string FullyQualifiedName, IReadOnlyList<InterfaceReport> Interfaces);

    private sealed record InterfaceReport(
        string Name, int Index, string State, string Type, string? PhysicalAddress, IReadOnlyList<string> Addresses);
}
