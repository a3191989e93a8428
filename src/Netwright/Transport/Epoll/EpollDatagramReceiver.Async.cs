using System.Runtime.CompilerServices;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

// The awaiting half, apart from the pointer work: C# allows no await in an unsafe context, and an unsafe modifier
// covers only its own part of a partial class.
internal sealed partial class EpollDatagramReceiver
{
    /// <summary>
    /// Takes every queued datagram with one <c>recvmmsg</c> (up to <see cref="BatchSize"/>), waiting for readiness on the
    /// reactor when nothing is queued; the reactor resumes the caller inline. The token is not watched: the owner ends a
    /// wait with <see cref="Close"/>.
    /// </summary>
    // Pooled: the method suspends whenever the queue runs dry, and a fresh state machine box each time would be garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        // A short batch emptied the queue: skip the receive that would only say EAGAIN and wait at once
        // (level-triggered, so anything that arrived meanwhile reports immediately).
        if (_lastCount is > 0 and < BatchSize)
        {
            _lastCount = 0;
            if (!await WaitReadableAsync().ConfigureAwait(false))
            {
                return 0;
            }
        }

        while (true)
        {
            var count = Receive(out var errno);
            if (count > 0)
            {
                _lastCount = count;
                _channel.CountReceived(count);
                return count;
            }

            _lastCount = 0;
            if (errno != LibC.EAGAIN)
            {
                throw CreateError(errno, _endpoint);
            }

            if (!await WaitReadableAsync().ConfigureAwait(false))
            {
                return 0;
            }
        }
    }
}
