using System.Runtime.InteropServices;

namespace Netwright.Cli;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so servers stop gracefully; a second signal
/// lets the default action end the process at once.
/// </summary>
/// <remarks>
/// A repeat within <see cref="RepeatWindow"/> of the first signal is taken as the same signal delivered
/// twice, not as a second request: supervisors such as <c>timeout(1)</c> signal the process and then its
/// whole process group, and ending at once on that duplicate would lose the summary the first asked for.
/// </remarks>
internal sealed class Signals : IDisposable
{
    /// <summary>How soon after the first signal a repeat still counts as the same one.</summary>
    internal static readonly TimeSpan RepeatWindow = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TimeProvider _time;
    private long _firstAt;

    public Signals(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>Takes one signal; returns true to stop gracefully (the default action is cancelled), false to let it end the process.</summary>
    internal bool Handle()
    {
        var now = _time.GetTimestamp();
        if (!_cancel.IsCancellationRequested)
        {
            _firstAt = now;
            _cancel.Cancel();
            return true;
        }

        return _time.GetElapsedTime(_firstAt, now) < RepeatWindow;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context) => context.Cancel = Handle();
}
