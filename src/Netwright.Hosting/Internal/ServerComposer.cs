using Microsoft.Extensions.Logging;
using Netwright.Applications;
using Netwright.Diagnostics;
using Netwright.Servers;
using Netwright.Services;
using Netwright.Services.Chat;
using Netwright.Services.Files;
using Netwright.Tls;
using Netwright.Transport;

namespace Netwright.Hosting.Internal;

/// <summary>
/// Turns checked <see cref="NetwrightOptions"/> into a <see cref="NetServer"/> with its listeners added (not yet started):
/// what the hosted service and <c>netwright serve --config</c> share, so both read one schema the same way.
/// </summary>
internal static class ServerComposer
{
    /// <summary>Builds the server.</summary>
    /// <param name="options">Options that passed <see cref="OptionsChecker.Check"/>.</param>
    /// <param name="named">Registered handlers; resolved through <paramref name="services"/>.</param>
    /// <param name="services">Where named handlers get their dependencies; null when none are registered.</param>
    /// <param name="loggerFactory">Where the server and the services log.</param>
    /// <param name="metrics">The instruments (on the host's meter factory when there is one).</param>
    /// <param name="configure">Last changes to the server options (the command's connection log line).</param>
    /// <exception cref="ArgumentException">A certificate file does not hold what it should.</exception>
    /// <exception cref="InvalidOperationException">A systemd socket is missing.</exception>
    public static ComposedServer Compose(
        NetwrightOptions options,
        NamedApplications named,
        IServiceProvider? services,
        ILoggerFactory loggerFactory,
        NetwrightMetrics? metrics,
        Action<NetServerOptions>? configure = null)
    {
        var serverOptions = CreateServerOptions(options);
        configure?.Invoke(serverOptions);
        var server = new NetServer(serverOptions, loggerFactory, metrics);
        var composed = new ComposedServer(server);
        ChatServer? chat = null;
        foreach (var listener in options.Listeners)
        {
            var style = OptionsChecker.ParseStyle(listener.Style)!.Value;
            var service = listener.Service is { } name ? ServiceCatalog.Find(name) : null;
            if (OptionsChecker.IsChat(listener.Service))
            {
                // One chat server for every chat listener: plain and IRC clients on all of them share the rooms.
                chat ??= composed.Own(new ChatServer(ServiceOptionsComposer.CreateChat(options.Chat), loggerFactory));
            }

            var systemd = SystemdEndpoint.IsSystemd(listener.Endpoint!) ? SystemdEndpoint.Parse(listener.Endpoint!) : null;
            var inherited = systemd is not null ? SystemdSockets.FromEnvironment().Take(systemd) : null;
            var isDatagram = inherited?.SocketType == System.Net.Sockets.SocketType.Dgram
                || (inherited is null && NetEndPoint.Parse(listener.Endpoint!).IsDatagram);
            if (isDatagram)
            {
                var application = service?.CreateDatagramApplication(style) ?? named.CreateDatagram(listener.Handler!, services!);
                _ = inherited is not null ? server.Listen(inherited, application) : server.Listen(NetEndPoint.Parse(listener.Endpoint!), application);
                continue;
            }

            IConnectionApplication stream = chat is not null && OptionsChecker.IsChat(listener.Service)
                ? chat
                : OptionsChecker.IsFiles(listener.Service)
                    ? FileService.CreateStreamApplication(ServiceOptionsComposer.CreateFiles(listener.Files!), style, loggerFactory)
                    : service?.CreateStreamApplication(style) ?? named.CreateStream(listener.Handler!, services!);
            var tls = listener.Tls.Certificate is not null ? CreateTls(listener.Tls) : null;
            switch (inherited, tls)
            {
                case (null, null):
                    server.Listen(NetEndPoint.Parse(listener.Endpoint!), stream);
                    break;
                case (null, _):
                    server.Listen(NetEndPoint.Parse(listener.Endpoint!), stream, tls);
                    break;
                case (_, null):
                    server.Listen(inherited, stream);
                    break;
                default:
                    server.Listen(inherited, stream, tls);
                    break;
            }
        }

        return composed;
    }

    /// <summary>The library's server options for a configuration.</summary>
    public static NetServerOptions CreateServerOptions(NetwrightOptions options)
    {
        var serverOptions = new NetServerOptions
        {
            MaxConnections = options.Limits.MaxConnections,
            MaxLineLength = options.Limits.MaxLineLength,
            IdleTimeout = options.Timeouts.Idle,
            ShutdownTimeout = options.Timeouts.Shutdown,
            Transport =
            {
                Engine = OptionsChecker.ParseEngine(options.Engine)!.Value,
                MaxReadBufferSize = options.Limits.MaxReadBufferSize,
                MaxWriteBufferSize = options.Limits.MaxWriteBufferSize,
            },
            AccessControl =
            {
                MaxConnectionsPerAddress = options.AccessControl.MaxConnectionsPerAddress,
                MaxConnectionRatePerAddress = options.AccessControl.MaxConnectionRatePerAddress,
                MaxDatagramRatePerSource = options.AccessControl.MaxDatagramRatePerSource,
            },
        };
        foreach (var network in options.AccessControl.Allow)
        {
            serverOptions.AccessControl.Allow.Add(AccessControlOptions.ParseNetwork(network));
        }

        foreach (var network in options.AccessControl.Deny)
        {
            serverOptions.AccessControl.Deny.Add(AccessControlOptions.ParseNetwork(network));
        }

        return serverOptions;
    }

    private static TlsServerOptions CreateTls(ListenerTlsOptions tls)
    {
        var path = tls.Certificate!;
        var isPkcs12 = path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
        var options = new TlsServerOptions
        {
            HandshakeTimeout = tls.HandshakeTimeout,
            Certificate = isPkcs12 ? TlsCertificates.LoadPfx(path, tls.Password) : TlsCertificates.LoadPem(path, tls.Key),
        };
        if (!isPkcs12)
        {
            options.CertificateChain.AddRange(TlsCertificates.LoadPemChain(path));
        }

        return options;
    }
}
