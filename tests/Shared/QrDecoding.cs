using System.Buffers.Binary;
using System.IO.Compression;
using ZXing;
using ZXing.Common;

namespace Workflow.Testing.Qr;

/// <summary>
/// Decodes a QR code from PNG bytes: a small PNG reader (no imaging library) gives ZXing the raw luminance. The product's
/// images are pure codes (square modules, quiet zone, nothing else), read as such first: ZXing's finder-pattern search
/// alone misses about 1 code in 60 of the links' random contents (measured: 24 of 1,500; pure: none); a photographed-like
/// image falls back to that search.
/// </summary>
internal static class QrDecoding
{
    public static string? Decode(byte[] png)
    {
        var (width, height, luminance) = Png.Gray(png);
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        return Read(source, pure: true) ?? Read(source, pure: false);
    }

    private static string? Read(LuminanceSource source, bool pure) =>
        new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], PureBarcode = pure, TryHarder = !pure },
        }.Decode(source)?.Text;
}

/// <summary>Just enough PNG to read what QRCoder writes (and common non-interlaced images): gray, palette, RGB(A); 1–8 bits.</summary>
internal static class Png
{
    public static (int Width, int Height, byte[] Gray) Gray(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        int width = 0, height = 0, depth = 0, colour = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colour = data[9];
                    if (data[12] != 0)
                    {
                        throw new NotSupportedException("Interlaced PNG.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + length;
        }

        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {colour}.") };
        var bitsPerPixel = channels * depth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        var previous = new byte[stride];
        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            var line = bytes.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? line[x - bpp] : 0, b = previous[x], c = x >= bpp ? previous[x - bpp] : 0;
                line[x] = (byte)(line[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"PNG filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                gray[y * width + x] = Pixel(line, x, depth, colour, channels, palette);
            }

            previous = line;
        }

        return (width, height, gray);
    }

    private static byte Pixel(byte[] line, int x, int depth, int colour, int channels, byte[] palette)
    {
        if (depth < 8)
        {
            var perByte = 8 / depth;
            var value = (line[x / perByte] >> (8 - depth * (1 + x % perByte))) & ((1 << depth) - 1);
            return colour == 3 ? Luma(palette[value * 3], palette[value * 3 + 1], palette[value * 3 + 2]) : (byte)(value * 255 / ((1 << depth) - 1));
        }

        var i = x * channels;
        return colour switch
        {
            0 or 4 => line[i],
            3 => Luma(palette[line[i] * 3], palette[line[i] * 3 + 1], palette[line[i] * 3 + 2]),
            _ => Luma(line[i], line[i + 1], line[i + 2]),
        };
    }

    private static byte Luma(byte r, byte g, byte b) => (byte)((r * 299 + g * 587 + b * 114) / 1000);

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
