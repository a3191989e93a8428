namespace Netwright.Services;

/// <summary>Which programming style a service runs in; the observable behaviour is the same.</summary>
public enum ServiceStyle
{
    /// <summary>socketserver's way: one async method per connection or datagram.</summary>
    Handler,

    /// <summary>Twisted's way: protocol callbacks.</summary>
    Event,
}
