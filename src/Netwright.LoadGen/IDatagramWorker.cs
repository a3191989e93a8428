namespace Netwright.LoadGen;

/// <summary>A udp-mode worker, whichever engine drives it: its datagram counters for the run's summary.</summary>
internal interface IDatagramWorker
{
    /// <summary>Gets the socket's datagrams: sent, late, and whether any reply arrived.</summary>
    UdpExchange Datagrams { get; }
}
