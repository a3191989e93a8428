namespace Netwright.HostileTests.Infrastructure;

/// <summary>Which listener an attack aims at; the well-behaved client probes the same one.</summary>
internal enum AttackTransport
{
    /// <summary>The plain TCP listener.</summary>
    Tcp,

    /// <summary>The TLS listener (the well-behaved client completes a handshake, pinning the certificate).</summary>
    Tls,

    /// <summary>The UDP listener (the well-behaved client probes over UDP and TCP).</summary>
    Udp,
}
