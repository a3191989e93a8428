namespace Netwright.Hosting;

/// <summary>One listener of the <c>"Netwright"</c> section: an endpoint and what serves it (a ready service or a named handler).</summary>
public sealed class ListenerOptions
{
    /// <summary>
    /// Gets or sets where to listen: <c>tcp://HOST:PORT</c>, <c>udp://HOST:PORT</c>, <c>unix:///path.sock</c>,
    /// <c>unixgram:///path.sock</c>, or <c>systemd:N</c> / <c>systemd:NAME</c> for a socket systemd passed in
    /// (socket activation; the N-th of <c>LISTEN_FDS</c>, or the one named NAME in <c>LISTEN_FDNAMES</c>).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets a ready service to serve: <c>timestamp</c>, <c>echo</c>, <c>greet</c>, <c>chat</c> or <c>files</c> (with <see cref="Files"/>). Give this or <see cref="Handler"/>.</summary>
    public string? Service { get; set; }

    /// <summary>Gets or sets the name of a handler, protocol or factory registered with <see cref="NetwrightServerBuilder"/>. Give this or <see cref="Service"/>.</summary>
    public string? Handler { get; set; }

    /// <summary>Gets or sets the style a ready service runs in: <c>Handler</c> (socketserver) or <c>Event</c> (Twisted). Default: <c>Handler</c>.</summary>
    public string Style { get; set; } = "Handler";

    /// <summary>Gets the TLS certificate; when <see cref="ListenerTlsOptions.Certificate"/> is set the listener speaks TLS.</summary>
    public ListenerTlsOptions Tls { get; } = new();

    /// <summary>Gets or sets the folder and rules of a <c>files</c> listener; required for <c>files</c>, refused for any other service.</summary>
    public ListenerFilesOptions? Files { get; set; }
}
