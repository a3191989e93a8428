namespace Netwright.Transport.Epoll;

/// <summary>Something registered with the <see cref="EpollReactor"/>: told, on the reactor thread, which events fired.</summary>
internal interface IEpollHandler
{
    /// <summary>Handles readiness; runs on the reactor thread and must not throw.</summary>
    /// <param name="events">The <c>EPOLL*</c> bits reported.</param>
    void OnEvents(uint events);
}
