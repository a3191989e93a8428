namespace Netwright.Services.Chat.Internal;

internal sealed partial class ChatHub
{
    private readonly List<ChatClient> _sweep = [];

    /// <summary>Once a second: registration deadlines, PING to quiet IRC clients, and the end of those that never answer.</summary>
    private void Beat()
    {
        lock (Lock)
        {
            var now = Time.GetTimestamp();
            _sweep.AddRange(_clients);
            foreach (var client in _sweep)
            {
                if (client.IsGone)
                {
                    continue;
                }

                if (!client.IsRegistered)
                {
                    if (Time.GetElapsedTime(client.ConnectedAt, now) >= Options.RegistrationTimeout)
                    {
                        if (client.Plain is { } plain)
                        {
                            plain.TakeGuestNick();
                        }
                        else
                        {
                            client.Close("Registration timed out");
                        }
                    }

                    continue;
                }

                if (client.Kind != ClientKind.Irc)
                {
                    continue;
                }

                if (client.PingSentAt == 0)
                {
                    if (Time.GetElapsedTime(client.LastHeard, now) >= Options.PingInterval)
                    {
                        client.PingSentAt = now;
                        client.SendIrc($"PING :{Options.ServerName}");
                    }
                }
                else if (Time.GetElapsedTime(client.PingSentAt, now) >= Options.PingTimeout)
                {
                    client.Close($"Ping timeout: {(int)Options.PingTimeout.TotalSeconds} seconds");
                }
            }

            _sweep.Clear();
        }
    }
}
