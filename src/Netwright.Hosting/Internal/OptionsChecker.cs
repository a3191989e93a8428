using Netwright.Servers;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.Hosting.Internal;

/// <summary>
/// Checks a <see cref="NetwrightOptions"/> before anything binds, and says what is wrong as
/// <c>Netwright:Listeners:1:Endpoint = 'tcp://x:abc': ...</c>: the configuration key and the value, so an operator
/// can find the line in <c>appsettings.json</c> or the <c>--config</c> file.
/// </summary>
internal static class OptionsChecker
{
    /// <summary>The ready services a listener can name besides <see cref="ServiceCatalog.All"/>.</summary>
    public const string Chat = "chat";

    /// <summary>The file service: a listener that names it configures it under <c>Files</c>.</summary>
    public const string Files = "files";

    public static List<string> Check(NetwrightOptions options, NamedApplications named, string section = NetwrightOptions.SectionName)
    {
        var errors = new List<string>();
        var p = section.Length == 0 ? "" : section + ":";
        if (options.Listeners.Count == 0)
        {
            errors.Add($"{p}Listeners: no listeners configured; add one such as {{ \"Endpoint\": \"tcp://127.0.0.1:7007\", \"Service\": \"echo\" }}");
        }

        for (var i = 0; i < options.Listeners.Count; i++)
        {
            CheckListener(options.Listeners[i], $"{p}Listeners:{i}", named, errors);
        }

        var limits = options.Limits;
        Require(limits.MaxConnections >= 1, $"{p}Limits:MaxConnections", limits.MaxConnections, "must be at least 1", errors);
        Require(limits.MaxLineLength >= 1, $"{p}Limits:MaxLineLength", limits.MaxLineLength, "must be at least 1", errors);
        Require(limits.MaxReadBufferSize >= 1, $"{p}Limits:MaxReadBufferSize", limits.MaxReadBufferSize, "must be at least 1", errors);
        Require(limits.MaxWriteBufferSize >= 1, $"{p}Limits:MaxWriteBufferSize", limits.MaxWriteBufferSize, "must be at least 1", errors);
        Require(options.Timeouts.Idle is null || options.Timeouts.Idle > TimeSpan.Zero, $"{p}Timeouts:Idle", options.Timeouts.Idle, "must be more than zero (leave it out for never)", errors);
        Require(options.Timeouts.Shutdown >= TimeSpan.Zero, $"{p}Timeouts:Shutdown", options.Timeouts.Shutdown, "cannot be negative", errors);
        Require(ParseEngine(options.Engine) is not null, $"{p}Engine", options.Engine, "expected Sockets or Epoll", errors);
        Require(!string.Equals(options.Engine, "Epoll", StringComparison.OrdinalIgnoreCase) || OperatingSystem.IsLinux(), $"{p}Engine", options.Engine, "the epoll engine runs only on Linux", errors);
        CheckAccess(options.AccessControl, $"{p}AccessControl", errors);
        ServiceOptionsChecker.CheckChat(options.Chat, $"{p}Chat", errors);
        return errors;
    }

    public static TransportEngine? ParseEngine(string? text) =>
        Enum.TryParse<TransportEngine>(text, ignoreCase: true, out var engine) && Enum.IsDefined(engine) ? engine : null;

    public static ServiceStyle? ParseStyle(string? text) =>
        Enum.TryParse<ServiceStyle>(text, ignoreCase: true, out var style) && Enum.IsDefined(style) ? style : null;

    private static void CheckListener(ListenerOptions listener, string key, NamedApplications named, List<string> errors)
    {
        NetEndPoint? endpoint = null;
        if (listener.Endpoint is null)
        {
            errors.Add($"{key}:Endpoint: missing; expected tcp://HOST:PORT, udp://HOST:PORT, unix:///path, unixgram:///path or systemd:N");
        }
        else if (!SystemdEndpoint.IsSystemd(listener.Endpoint))
        {
            if (!NetEndPoint.TryParse(listener.Endpoint, TransportKind.Tcp, out endpoint, out var error))
            {
                errors.Add($"{key}:Endpoint = '{listener.Endpoint}': {error}");
            }
        }
        else if (SystemdEndpoint.Parse(listener.Endpoint) is null)
        {
            errors.Add($"{key}:Endpoint = '{listener.Endpoint}': expected systemd:N (an index into LISTEN_FDS) or systemd:NAME (a name in LISTEN_FDNAMES)");
        }

        if ((listener.Service is null) == (listener.Handler is null))
        {
            errors.Add($"{key}: give exactly one of Service ({string.Join(", ", ServiceNames())}) and Handler (a name registered with AddNetwrightServer)");
        }
        else if (listener.Service is { } service && !ServiceNames().Contains(service, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Service = '{service}': unknown service; expected one of {string.Join(", ", ServiceNames())}");
        }
        else if (listener.Handler is { } handler && !named.Contains(handler))
        {
            var known = named.Names.Count == 0 ? "none are registered" : "registered: " + string.Join(", ", named.Names);
            errors.Add($"{key}:Handler = '{handler}': no handler of that name ({known})");
        }
        else if (endpoint is not null && (IsChat(listener.Service) || IsFiles(listener.Service)) && endpoint.IsDatagram)
        {
            errors.Add($"{key}:Endpoint = '{listener.Endpoint}': {listener.Service} serves streams only (tcp:// or unix://)");
        }
        else if (endpoint is not null && listener.Handler is { } name && named.Kind(name) is { } kind && kind.IsDatagram != endpoint.IsDatagram)
        {
            errors.Add($"{key}:Endpoint = '{listener.Endpoint}': handler '{name}' serves {(kind.IsDatagram ? "datagrams" : "streams")}, this endpoint {(endpoint.IsDatagram ? "datagrams" : "streams")}");
        }

        Require(ParseStyle(listener.Style) is not null, $"{key}:Style", listener.Style, "expected Handler or Event", errors);
        CheckTls(listener, key, endpoint, errors);
        ServiceOptionsChecker.CheckFiles(listener, key, errors);
    }

    private static void CheckTls(ListenerOptions listener, string key, NetEndPoint? endpoint, List<string> errors)
    {
        var tls = listener.Tls;
        if (tls.Certificate is null)
        {
            Require(tls.Key is null, $"{key}:Tls:Key", tls.Key, "given without Tls:Certificate", errors);
            return;
        }

        Require(File.Exists(tls.Certificate), $"{key}:Tls:Certificate", tls.Certificate, "no such file", errors);
        Require(tls.Key is null || File.Exists(tls.Key), $"{key}:Tls:Key", tls.Key, "no such file", errors);
        Require(endpoint is null || endpoint.IsStream, $"{key}:Tls:Certificate", tls.Certificate, "TLS needs a stream endpoint (tcp:// or unix://)", errors);
        Require(tls.HandshakeTimeout > TimeSpan.Zero, $"{key}:Tls:HandshakeTimeout", tls.HandshakeTimeout, "must be more than zero", errors);
    }

    private static void CheckAccess(AccessOptions access, string key, List<string> errors)
    {
        foreach (var (list, name) in new[] { (access.Allow, "Allow"), (access.Deny, "Deny") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                try
                {
                    AccessControlOptions.ParseNetwork(list[i]);
                }
                catch (FormatException ex)
                {
                    errors.Add($"{key}:{name}:{i} = '{list[i]}': {ex.Message}");
                }
            }
        }

        Require(access.MaxConnectionsPerAddress is null or >= 1, $"{key}:MaxConnectionsPerAddress", access.MaxConnectionsPerAddress, "must be at least 1", errors);
        Require(access.MaxConnectionRatePerAddress is null or > 0, $"{key}:MaxConnectionRatePerAddress", access.MaxConnectionRatePerAddress, "must be more than 0", errors);
        Require(access.MaxDatagramRatePerSource >= 0 && double.IsFinite(access.MaxDatagramRatePerSource), $"{key}:MaxDatagramRatePerSource", access.MaxDatagramRatePerSource, "must be 0 (no limit) or more", errors);
    }

    public static bool IsChat(string? service) => string.Equals(service, Chat, StringComparison.OrdinalIgnoreCase);

    public static bool IsFiles(string? service) => string.Equals(service, Files, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> ServiceNames() => ServiceCatalog.All.Select(s => s.Name).Append(Chat).Append(Files);

    internal static void Require(bool condition, string key, object? value, string message, List<string> errors)
    {
        if (!condition)
        {
            errors.Add($"{key} = '{value}': {message}");
        }
    }
}
