namespace Netwright.Cli.Commands.Connect;

/// <summary>Lets the sending side wait for "something arrived since I sent", without polling.</summary>
internal sealed class ArrivalSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastArrivalTimestamp { get; private set; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>A task that completes at the next arrival after this call.</summary>
    public Task NextAsync()
    {
        lock (_gate)
        {
            return _next.Task;
        }
    }

    public void Pulse()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            LastArrivalTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        fired.TrySetResult();
    }
}
