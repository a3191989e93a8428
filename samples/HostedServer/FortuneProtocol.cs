using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netwright.Protocols;

namespace HostedServer;

/// <summary>
/// The sample's own protocol: <c>FORTUNE</c> answers a saying from configuration, <c>COUNT</c> how many were told on every
/// connection so far, anything else an error line. One instance per connection; its constructor's arguments come from DI.
/// </summary>
internal sealed partial class FortuneProtocol(IOptions<FortuneOptions> options, FortuneTally tally, ILogger<FortuneProtocol> logger) : LineProtocol
{
    public override void OnConnected() => SendLine("fortune server: FORTUNE or COUNT");

    public override void OnLineReceived(string line)
    {
        switch (line.Trim().ToUpperInvariant())
        {
            case "FORTUNE":
                var sayings = options.Value.Sayings;
                var told = tally.Next();
                SendLine(sayings.Count == 0 ? "no fortunes configured" : sayings[(int)((told - 1) % sayings.Count)]);
                LogTold(logger, told);
                break;
            case "COUNT":
                SendLine($"{tally.Count} told");
                break;
            default:
                SendLine("? FORTUNE or COUNT");
                break;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "fortune {Number} told")]
    private static partial void LogTold(ILogger logger, long number);
}
