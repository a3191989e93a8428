using System.Text;

namespace Netwright.Services.Files.Internal;

/// <summary>
/// The rules for names on the wire: relative, <c>/</c> between components, and nothing that could reach outside
/// the served folder or mean something special to a file system. Both sides check every name they receive.
/// </summary>
internal static class RemoteNames
{
    public const int MaxNameBytes = 4096;
    // 240, not 255: the temporary file adds a dot and the suffix, and most file systems stop at 255 bytes.
    public const int MaxComponentBytes = 240;

    /// <summary>The suffix of the receiver's temporary files; no name may end with it.</summary>
    public const string PartialSuffix = ".nwpart";

    private static readonly string[] s_reserved =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Checks <paramref name="name"/> and splits it into components.</summary>
    /// <exception cref="FileTransferException">With <see cref="FileErrorCode.BadName"/> and the reason.</exception>
    public static string[] Split(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Bad(name, "the name is empty");
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw Bad(name, $"the name is longer than {MaxNameBytes} bytes");
        }

        if (name[0] == '/' || name.Contains('\\', StringComparison.Ordinal))
        {
            throw Bad(name, "absolute paths and backslashes are not allowed");
        }

        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            throw Bad(name, "drive letters are not allowed");
        }

        var components = name.Split('/');
        foreach (var component in components)
        {
            CheckComponent(name, component);
        }

        return components;
    }

    /// <summary>Whether <paramref name="name"/> passes <see cref="Split"/>.</summary>
    public static bool IsValid(string? name)
    {
        try
        {
            Split(name);
            return true;
        }
        catch (FileTransferException)
        {
            return false;
        }
    }

    private static void CheckComponent(string name, string component)
    {
        if (component.Length == 0)
        {
            throw Bad(name, "empty path components are not allowed");
        }

        if (component is "." or "..")
        {
            throw Bad(name, "'.' and '..' are not allowed");
        }

        if (Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
        {
            throw Bad(name, $"a path component is longer than {MaxComponentBytes} bytes");
        }

        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (char.IsHighSurrogate(c) && i + 1 < component.Length && char.IsLowSurrogate(component[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || c == ':' || char.IsSurrogate(c))
            {
                throw Bad(name, "control characters, lone surrogates and ':' are not allowed");
            }
        }

        var stem = component.Split('.')[0].TrimEnd(' ');
        if (s_reserved.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            throw Bad(name, $"'{component}' is a reserved device name");
        }

        if (component.EndsWith(PartialSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(name, $"names ending in {PartialSuffix} are the receiver's temporary files");
        }
    }

    private static FileTransferException Bad(string? name, string reason) =>
        new(FileErrorCode.BadName, $"bad name '{Printable(name)}': {reason}");

    /// <summary>The name with control characters escaped, for a message that a terminal prints.</summary>
    public static string Printable(string? name)
    {
        if (name is null)
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(name.Length, 200));
        foreach (var c in name.Length > 200 ? name[..200] : name)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }
}
