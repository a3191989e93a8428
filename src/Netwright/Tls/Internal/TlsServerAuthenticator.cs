using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Netwright.Tls.Internal;

/// <summary>
/// The server side's handshake settings, built once per <see cref="TlsServerOptions"/> and shared by every
/// handshake: building a certificate context (the chain, the OCSP state) per connection would cost more
/// than the handshake itself.
/// </summary>
internal sealed class TlsServerAuthenticator
{
    private readonly TlsServerOptions _options;
    private readonly SslServerAuthenticationOptions? _fixed;
    private readonly ConcurrentDictionary<X509Certificate2, SslServerAuthenticationOptions> _bySelected = new();
    private readonly ServerOptionsSelectionCallback _select;

    public TlsServerAuthenticator(TlsServerOptions options)
    {
        options.Validate();
        _options = options;
        HandshakeTimeout = options.HandshakeTimeout;
        _fixed = options.CertificateSelector is null ? Build(options.Certificate!) : null;
        _select = Select;
    }

    public TimeSpan HandshakeTimeout { get; }

    public Task AuthenticateAsync(SslStream stream, CancellationToken cancellationToken) =>
        _fixed is not null
            ? stream.AuthenticateAsServerAsync(_fixed, cancellationToken)
            : stream.AuthenticateAsServerAsync(_select, null, cancellationToken);

    private ValueTask<SslServerAuthenticationOptions> Select(SslStream stream, SslClientHelloInfo hello, object? state, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(hello.ServerName) ? null : hello.ServerName;
        var certificate = _options.CertificateSelector!(name) ?? _options.Certificate
            ?? throw new Errors.TlsHandshakeException(Errors.TlsFailure.Protocol, $"no certificate for the server name '{name}'");
        // Cached per certificate, not per name: the names come from clients and could grow the cache without bound.
        return ValueTask.FromResult(_bySelected.GetOrAdd(certificate, Build));
    }

    private SslServerAuthenticationOptions Build(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"the certificate '{certificate.Subject}' has no private key");
        }

        var options = new SslServerAuthenticationOptions
        {
            // offline: the chain is built from what we were given and the local store, never fetched from the network.
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, _options.CertificateChain, offline: true),
            EnabledSslProtocols = _options.Protocols,
            ClientCertificateRequired = _options.RequireClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (_options.ApplicationProtocols.Count > 0)
        {
            options.ApplicationProtocols = _options.ApplicationProtocols.Select(p => new SslApplicationProtocol(p)).ToList();
        }

        if (_options.RequireClientCertificate && _options.ClientCertificateAuthorities.Count > 0)
        {
            options.CertificateChainPolicy = TlsChainPolicy.Trusting(_options.ClientCertificateAuthorities);
        }

        return options;
    }
}
