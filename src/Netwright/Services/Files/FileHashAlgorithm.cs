namespace Netwright.Services.Files;

/// <summary>How each file is verified end to end.</summary>
public enum FileHashAlgorithm
{
    /// <summary>SHA-256 (<c>sha256</c>), the default: cryptographic, hardware-accelerated through OpenSSL on most machines.</summary>
    Sha256,

    /// <summary>XXH3 128-bit (<c>xxh128</c>): not cryptographic, catches accidental corruption only, several times faster.</summary>
    Xxh128,
}
