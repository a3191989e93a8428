using Netwright.Cli.Output;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>What the operator asked of <c>serve</c> beyond the service: <c>--config</c>, <c>--stats</c>, <c>--log-format</c>, <c>--metrics-prometheus</c>.</summary>
internal sealed record ServeOperations(string? ConfigPath, bool Stats, LogFormat LogFormat, NetEndPoint? Prometheus)
{
    public static ServeOperations None { get; } = new(null, false, LogFormat.Text, null);
}
