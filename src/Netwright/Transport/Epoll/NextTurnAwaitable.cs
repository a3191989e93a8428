using System.Runtime.CompilerServices;

namespace Netwright.Transport.Epoll;

/// <summary>Awaiting it resumes on the reactor thread in the loop's next turn (see <see cref="EpollReactor.NextTurn"/>).</summary>
internal readonly struct NextTurnAwaitable(EpollReactor reactor) : ICriticalNotifyCompletion
{
    public bool IsCompleted => false;

    public NextTurnAwaitable GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => reactor.Defer(continuation);

    public void UnsafeOnCompleted(Action continuation) => reactor.Defer(continuation);
}
