namespace Netwright.Errors;

/// <summary>Why a TLS handshake failed, in terms a user can act on.</summary>
public enum TlsFailure
{
    /// <summary>The peer does not speak TLS, sent a malformed handshake, or offered nothing we accept (no common protocol version or cipher).</summary>
    Protocol,

    /// <summary>The certificate the peer presented did not verify: untrusted issuer, wrong name, expired, missing, or not the pinned one.</summary>
    CertificateRejected,

    /// <summary>The peer ended the connection during the handshake (often because it did not accept our certificate).</summary>
    PeerClosed,

    /// <summary>The handshake did not finish within its time limit.</summary>
    TimedOut,
}
