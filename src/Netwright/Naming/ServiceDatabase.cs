using System.Globalization;
using Netwright.Errors;

namespace Netwright.Naming;

/// <summary>
/// The services database that maps service names to port numbers and back, read from <c>/etc/services</c>
/// (services(5) format) with a built-in table of the classic services as the fallback.
/// </summary>
/// <remarks>
/// Start here for name-to-port look-ups: <see cref="System"/> is what <c>socket.getservbyname</c> and
/// <c>socket.getservbyport</c> consult in Python, and what <see cref="Transport.NetEndPoint"/> uses for
/// <c>localhost:http</c>. Names and protocols compare case-insensitively; when a name or port appears more
/// than once for a protocol, the first line wins, as in the C library. Instances are immutable and
/// safe to share between threads.
/// </remarks>
public sealed class ServiceDatabase
{
    private const string SystemPath = "/etc/services";

    private static readonly Lazy<ServiceDatabase> s_builtIn =
        new(() => Parse(BuiltInServices.Text, "built-in", lenient: false), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ServiceDatabase> s_system =
        new(() => Load(SystemPath), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<(string Name, string Protocol), int> _ports;
    private readonly Dictionary<(int Port, string Protocol), string> _names;

    private ServiceDatabase(IReadOnlyList<ServiceEntry> entries, string source)
    {
        Entries = entries;
        Source = source;
        _ports = new Dictionary<(string, string), int>(new NameProtocolComparer());
        _names = new Dictionary<(int, string), string>(new PortProtocolComparer());
        foreach (var entry in entries)
        {
            _ports.TryAdd((entry.Name, entry.Protocol), entry.Port);
            foreach (var alias in entry.Aliases)
            {
                _ports.TryAdd((alias, entry.Protocol), entry.Port);
            }

            _names.TryAdd((entry.Port, entry.Protocol), entry.Name);
        }
    }

    /// <summary>Gets the machine's database: <c>/etc/services</c> if it is readable, otherwise <see cref="BuiltIn"/>.</summary>
    /// <remarks>Loaded once, on first use, thread-safely. Malformed lines in the system file are skipped, as the C library does.</remarks>
    public static ServiceDatabase System => s_system.Value;

    /// <summary>Gets the embedded table of classic services (echo 7, daytime 13, ftp 21, ssh 22, http 80, ...).</summary>
    public static ServiceDatabase BuiltIn => s_builtIn.Value;

    /// <summary>Gets every entry in file order.</summary>
    public IReadOnlyList<ServiceEntry> Entries { get; }

    /// <summary>Gets where the entries came from: a file path, <c>built-in</c>, or <c>text</c> for <see cref="Parse(string)"/>.</summary>
    public string Source { get; }

    /// <summary>Gets <see cref="Source"/> phrased for messages: the file path, "the built-in services table" or "the given services text".</summary>
    internal string SourceDescription => Source switch
    {
        "built-in" => "the built-in services table",
        "text" => "the given services text",
        _ => Source,
    };

    /// <summary>Parses a services(5) text: <c>name port/protocol [aliases...] [# comment]</c>, one service per line.</summary>
    /// <param name="text">The database text; blank lines and <c>#</c> comments are ignored.</param>
    /// <returns>A database holding the entries of <paramref name="text"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">A line is malformed; the message gives its number and text.</exception>
    public static ServiceDatabase Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text, "text", lenient: false);
    }

    /// <summary>Looks up the port of a service name or alias for a protocol (Python's <c>getservbyname</c>).</summary>
    /// <param name="name">The service name or alias, such as <c>http</c> or <c>www</c>.</param>
    /// <param name="protocol">The protocol, such as <c>tcp</c> or <c>udp</c>.</param>
    /// <param name="port">The port when found; 0 otherwise.</param>
    /// <returns>True when the database has the service for that protocol.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="protocol"/> is null.</exception>
    public bool TryGetPort(string name, string protocol, out int port)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(protocol);
        return _ports.TryGetValue((name, protocol), out port);
    }

    /// <summary>Looks up the port of a service name or alias for a protocol (Python's <c>getservbyname</c>).</summary>
    /// <param name="name">The service name or alias, such as <c>http</c>.</param>
    /// <param name="protocol">The protocol; <c>tcp</c> by default.</param>
    /// <returns>The port number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="protocol"/> is null.</exception>
    /// <exception cref="UnknownServiceException">The database has no such service for that protocol.</exception>
    public int GetPort(string name, string protocol = "tcp")
    {
        if (TryGetPort(name, protocol, out var port))
        {
            return port;
        }

        throw new UnknownServiceException(
            $"unknown service '{name}' for {protocol.ToLowerInvariant()} (not in {SourceDescription})");
    }

    /// <summary>Looks up the official name of the service on a port (Python's <c>getservbyport</c>).</summary>
    /// <param name="port">The port number, 0 to 65535.</param>
    /// <param name="protocol">The protocol; <c>tcp</c> by default.</param>
    /// <returns>The service name, or null when the port has no entry for that protocol.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0 to 65535.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="protocol"/> is null.</exception>
    public string? GetName(int port, string protocol = "tcp")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(protocol);
        return _names.TryGetValue((port, protocol), out var name) ? name : null;
    }

    /// <summary>Reads a services file leniently (malformed lines skipped), falling back to <see cref="BuiltIn"/> when it is unreadable or empty.</summary>
    internal static ServiceDatabase Load(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var database = Parse(text, path, lenient: true);
            return database.Entries.Count > 0 ? database : BuiltIn;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // No readable /etc/services (containers, Windows): the built-in table keeps names working.
            return BuiltIn;
        }
    }

    private static ServiceDatabase Parse(string text, string source, bool lenient)
    {
        var entries = new List<ServiceEntry>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParseLine(line, out var entry, out var problem))
            {
                entries.Add(entry);
            }
            else if (!lenient)
            {
                throw new FormatException($"services line {lineNumber} '{rawLine.Trim()}': {problem}");
            }
        }

        return new ServiceDatabase(entries, source);
    }

    private static bool TryParseLine(string line, out ServiceEntry entry, out string problem)
    {
        entry = null!;
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            problem = "expected NAME PORT/PROTOCOL [ALIASES...]";
            return false;
        }

        var slash = fields[1].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == fields[1].Length - 1)
        {
            problem = $"'{fields[1]}' is not PORT/PROTOCOL";
            return false;
        }

        if (!int.TryParse(fields[1].AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            problem = $"'{fields[1][..slash]}' is not a port number 0-65535";
            return false;
        }

        var protocol = fields[1][(slash + 1)..].ToLowerInvariant();
        entry = new ServiceEntry(fields[0], port, protocol, fields[2..]);
        problem = string.Empty;
        return true;
    }

    private sealed class NameProtocolComparer : IEqualityComparer<(string Name, string Protocol)>
    {
        public bool Equals((string Name, string Protocol) x, (string Name, string Protocol) y) =>
            string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Protocol, y.Protocol, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Name, string Protocol) obj) =>
            HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name),
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Protocol));
    }

    private sealed class PortProtocolComparer : IEqualityComparer<(int Port, string Protocol)>
    {
        public bool Equals((int Port, string Protocol) x, (int Port, string Protocol) y) =>
            x.Port == y.Port && string.Equals(x.Protocol, y.Protocol, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((int Port, string Protocol) obj) =>
            HashCode.Combine(obj.Port, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Protocol));
    }
}
