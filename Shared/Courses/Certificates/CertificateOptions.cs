using System.ComponentModel.DataAnnotations;

namespace Workflow.Courses.Certificates;

/// <summary>Certificate settings, section <c>Workflow:Certificates</c> (env <c>Workflow__Certificates__*</c>).</summary>
public sealed class CertificateOptions
{
    public const string Section = "Workflow:Certificates";

    /// <summary>
    /// Folder holding <c>NotoSans-Regular.ttf</c> and <c>NotoSans-Bold.ttf</c> (Debian's <c>fonts-noto-core</c>, SIL Open
    /// Font License 1.1): fonts with every Vietnamese glyph, embedded in each certificate PDF.
    /// </summary>
    [Required]
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/noto";

    /// <summary>The letters before the year in a certificate number (<c>BDNV-2027-000123</c>): two to ten capitals.</summary>
    [Required, RegularExpression("^[A-Z]{2,10}$")]
    public string NumberPrefix { get; set; } = "BDNV";
}
