namespace Netwright.Hosting.Internal;

/// <summary>
/// The checks of the ready services' own options (a <c>files</c> listener's <c>Files</c>, the section's <c>Chat</c>),
/// reported as <see cref="OptionsChecker"/> reports the rest: the key, the value, what is wrong.
/// </summary>
internal static class ServiceOptionsChecker
{
    public static void CheckFiles(ListenerOptions listener, string key, List<string> errors)
    {
        var files = listener.Files;
        if (!OptionsChecker.IsFiles(listener.Service))
        {
            OptionsChecker.Require(files is null, $"{key}:Files", "{...}", $"given for a listener that does not serve files (Service = '{listener.Service ?? listener.Handler}')", errors);
            return;
        }

        if (files?.Root is not { Length: > 0 } root)
        {
            errors.Add($"{key}:Files:Root: missing; the files service needs the folder to serve, such as \"Files\": {{ \"Root\": \"/srv/files\" }}");
            return;
        }

        OptionsChecker.Require(Directory.Exists(root), $"{key}:Files:Root", root, "no such folder", errors);
        OptionsChecker.Require(files.MaxFileSize is null or >= 0, $"{key}:Files:MaxFileSize", files.MaxFileSize, "cannot be negative (leave it out for no limit)", errors);
        OptionsChecker.Require(files.StallTimeout > TimeSpan.Zero, $"{key}:Files:StallTimeout", files.StallTimeout, "must be more than zero", errors);
        OptionsChecker.Require(!files.ReadOnly || !(files.AllowOverwrite || files.AllowDelete), $"{key}:Files:ReadOnly", files.ReadOnly, "refuses uploads and deletes, so AllowOverwrite and AllowDelete cannot be true with it", errors);
    }

    public static void CheckChat(ChatServiceOptions chat, string key, List<string> errors)
    {
        OptionsChecker.Require(chat.ServerName is null || IsWord(chat.ServerName), $"{key}:ServerName", chat.ServerName, "must be one word", errors);
        OptionsChecker.Require(chat.NetworkName is null || IsWord(chat.NetworkName), $"{key}:NetworkName", chat.NetworkName, "must be one word", errors);
        OptionsChecker.Require(chat.NickLength is >= 1 and <= 100, $"{key}:NickLength", chat.NickLength, "must be between 1 and 100", errors);
        OptionsChecker.Require(chat.FloodRate >= 0 && double.IsFinite(chat.FloodRate), $"{key}:FloodRate", chat.FloodRate, "cannot be negative (0 turns the flood limit off)", errors);
        OptionsChecker.Require(chat.MaxClients >= 0, $"{key}:MaxClients", chat.MaxClients, "cannot be negative (0 for no limit)", errors);
        OptionsChecker.Require(chat.MaxConnectionsPerAddress >= 0, $"{key}:MaxConnectionsPerAddress", chat.MaxConnectionsPerAddress, "cannot be negative (0 for no limit)", errors);
        foreach (var (name, password) in chat.Operators)
        {
            OptionsChecker.Require(IsWord(name), $"{key}:Operators:{name}", name, "an operator's name must be one word", errors);
            OptionsChecker.Require(password.Length > 0, $"{key}:Operators:{name}", "", "an operator needs a password", errors);
        }
    }

    private static bool IsWord(string text) => text.Length > 0 && !text.Any(c => c <= ' ');
}
