using System.Globalization;

namespace Netwright.Hosting.Internal;

/// <summary>
/// A listener's <c>systemd:N</c> or <c>systemd:NAME</c> endpoint: the N-th socket systemd passed in (<c>LISTEN_FDS</c>), or
/// the one its unit named NAME (<c>FileDescriptorName=</c>, listed in <c>LISTEN_FDNAMES</c>). Twisted's <c>systemd:</c>
/// endpoints take an index the same way.
/// </summary>
internal sealed record SystemdEndpoint(int? Index, string? Name)
{
    private const string Prefix = "systemd:";

    public static bool IsSystemd(string endpoint) => endpoint.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the text after <c>systemd:</c>; null when it is neither an index nor a name.</summary>
    public static SystemdEndpoint? Parse(string endpoint)
    {
        var rest = endpoint[Prefix.Length..].Trim();
        if (rest.Length == 0)
        {
            return null;
        }

        if (char.IsAsciiDigit(rest[0]))
        {
            return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? new SystemdEndpoint(index, null) : null;
        }

        // systemd allows names of up to 255 printable characters other than ':'.
        return rest.Length <= 255 && rest.All(c => c > ' ' && c < 127 && c != ':') ? new SystemdEndpoint(null, rest) : null;
    }

    public override string ToString() => Prefix + (Index?.ToString(CultureInfo.InvariantCulture) ?? Name);
}
