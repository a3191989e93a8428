using System.Runtime.InteropServices;

namespace Netwright.Transport.Internal;

/// <summary>
/// Tells a socket file from a regular one. .NET reports both as plain files, and we must never delete a
/// user's file because it sits where a socket was asked for, so this asks the runtime's own native shim
/// (the lstat behind <see cref="File"/>), whose portable FileStatus starts with Flags then Mode.
/// </summary>
internal static partial class FileTypes
{
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;

    public static bool IsSocket(string path)
    {
        var status = new byte[256];
        try
        {
            return LStat(path, status) == 0 && (BitConverter.ToInt32(status, 4) & TypeMask) == SocketType;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the shim we cannot tell, so we refuse to replace the file: the safe answer.
            return false;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, [Out] byte[] status);
}
