using Netwright.Services.Chat;
using Netwright.Services.Files;

namespace Netwright.Hosting.Internal;

/// <summary>The ready services' library options from checked configuration (<see cref="ServiceOptionsChecker"/>).</summary>
internal static class ServiceOptionsComposer
{
    public static FileServerOptions CreateFiles(ListenerFilesOptions files) => new()
    {
        Root = files.Root!,
        Token = files.Token,
        MaxFileSize = files.MaxFileSize ?? long.MaxValue,
        AllowOverwrite = files.AllowOverwrite,
        AllowDelete = files.AllowDelete,
        ReadOnly = files.ReadOnly,
        StallTimeout = files.StallTimeout,
    };

    public static ChatOptions CreateChat(ChatServiceOptions chat)
    {
        var options = new ChatOptions
        {
            Password = chat.Password,
            NickLength = chat.NickLength,
            FloodRate = chat.FloodRate,
            MaxClients = chat.MaxClients,
            MaxConnectionsPerAddress = chat.MaxConnectionsPerAddress,
            Motd = chat.Motd.Count > 0 ? [.. chat.Motd] : null,
        };
        if (chat.ServerName is { } server)
        {
            options.ServerName = server;
        }

        if (chat.NetworkName is { } network)
        {
            options.NetworkName = network;
        }

        foreach (var (name, password) in chat.Operators)
        {
            options.Operators[name] = password;
        }

        return options;
    }
}
