using System.Globalization;
using Netwright.Naming;

namespace Netwright.Cli.Commands.Info;

/// <summary><c>netwright info service NAME|PORT</c>: name to port or port to name, from the services database.</summary>
internal static class ServiceInfo
{
    public static async Task<int> RunAsync(CliConsole console, string query, bool udp, bool json)
    {
        var protocol = udp ? "udp" : "tcp";
        var database = ServiceDatabase.System;
        var text = query.Trim();
        ServiceEntry entry;
        if (text.Length == 0)
        {
            throw new FormatException("no service given: expected a name such as http or a port such as 80");
        }

        if (char.IsAsciiDigit(text[0]))
        {
            if (text.Length > 5
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port > 65535)
            {
                throw new FormatException($"'{query}' is not a port number 0-65535 or a service name");
            }

            // GetServiceByPort throws the UnknownServiceException naming the port; the entry gives its aliases.
            SocketLookup.GetServiceByPort(port, protocol);
            entry = database.Entries.First(e =>
                e.Port == port && string.Equals(e.Protocol, protocol, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            // GetPort throws the UnknownServiceException that names the service; the entry gives its aliases.
            database.GetPort(text, protocol);
            entry = database.Entries.First(e =>
                string.Equals(e.Protocol, protocol, StringComparison.OrdinalIgnoreCase)
                && (string.Equals(e.Name, text, StringComparison.OrdinalIgnoreCase)
                    || e.Aliases.Contains(text, StringComparer.OrdinalIgnoreCase)));
        }

        if (json)
        {
            await InfoJson.WriteAsync(console.Out, new ServiceReport(entry.Name, entry.Port, entry.Protocol, entry.Aliases, database.Source))
                .ConfigureAwait(false);
        }
        else
        {
            TextTable.KeyValue()
                .Add("service", entry.Name)
                .Add("port", entry.Port.ToString(CultureInfo.InvariantCulture))
                .Add("protocol", entry.Protocol)
                .Add("aliases", entry.Aliases.Count == 0 ? "-" : string.Join(' ', entry.Aliases))
                .Add("source", database.Source)
                .WriteTo(console.Out);
        }

        return ExitCodes.Success;
    }

    private sealed record ServiceReport(string Service, int Port, string Protocol, IReadOnlyList<string> Aliases, string Source);
}
