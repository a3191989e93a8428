namespace Netwright.HostileTests.Infrastructure;

/// <summary>How a service treats what a client sends; the attacks derive the treatment they expect from it.</summary>
internal enum ServiceBehaviour
{
    /// <summary>
    /// One reply line per request line. A line that is not UTF-8 gets an <c>error:</c> line and the
    /// connection stays; a line over the limit gets an <c>error:</c> line and a close.
    /// </summary>
    LineRequests,

    /// <summary>Every byte comes back unchanged; there is no framing and no limit but back-pressure.</summary>
    ByteEcho,

    /// <summary>A banner is sent and the connection closed, whatever the client sends.</summary>
    Banner,
}
