using System.ComponentModel.DataAnnotations;

namespace Workflow.Documents.Letters;

/// <summary>
/// The issuing body of the Board's letters, section <c>Workflow:Documents</c> (env <c>Workflow__Documents__*</c>): printed
/// in the heading of every Giấy mời and công văn (Hướng dẫn 36-HD/VPTW) and in their numbers' sign.
/// </summary>
public sealed class LetterOptions
{
    public const string Section = "Workflow:Documents";

    /// <summary>The body above the issuer, in capitals, first line of the heading's left side.</summary>
    [Required, StringLength(100, MinimumLength = 2)]
    public string IssuerParent { get; set; } = "TỈNH ỦY NINH BÌNH";

    /// <summary>The issuing body, in capitals (bold, under <see cref="IssuerParent"/>).</summary>
    [Required, StringLength(100, MinimumLength = 2)]
    public string Issuer { get; set; } = "BAN DÂN VẬN";

    /// <summary>The issuing body as a sentence names it (<c>Ban Dân vận Tỉnh ủy tổ chức …</c>).</summary>
    [Required, StringLength(150, MinimumLength = 2)]
    public string IssuerName { get; set; } = "Ban Dân vận Tỉnh ủy";

    /// <summary>The place before the date (<c>Ninh Bình, ngày 07 tháng 12 năm 2026</c>).</summary>
    [Required, StringLength(60, MinimumLength = 2)]
    public string Place { get; set; } = "Ninh Bình";

    /// <summary>The issuer's part of the sign after the slash (<c>Số 15-GM/BDVTU</c>): two to twelve capitals.</summary>
    [Required, RegularExpression("^[A-Z]{2,12}$")]
    public string Sign { get; set; } = "BDVTU";
}
