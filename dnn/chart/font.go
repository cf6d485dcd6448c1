package chart

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Latin text is set in Liberation Sans, which gonum/plot embeds, so that a
// chart with Latin text looks the same on every machine whether or not a
// CJK font is installed (and golden images stay comparable). A string with
// a rune Liberation Sans lacks (Japanese, for one) is set whole in the CJK
// font, so a title never mixes two typefaces.

// latinFont is the font every chart text style names.
var latinFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// cjkTypeface is the name the CJK font is registered under in a fontSet.
const cjkTypeface font.Typeface = "gocell-cjk"

// cjkPaths are where Debian (fonts-ipaexfont, fonts-noto-cjk), macOS and
// Windows keep a free or system CJK font, best first.
var cjkPaths = []string{
	"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
	"/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
	"/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
	"/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
	"/Library/Fonts/ipaexg.ttf",
	`C:\Windows\Fonts\YuGothM.ttc`,
	`C:\Windows\Fonts\msgothic.ttc`,
}

// fontSet is the fonts charts are drawn with.
type fontSet struct {
	cache *font.Cache
	latin *opentype.Font // Liberation Sans, to test rune coverage
	cjk   string         // the CJK font's family name; "" when there is none
	path  string         // the file it came from
}

var (
	fontsOnce sync.Once
	fontsMu   sync.Mutex
	current   *fontSet
	notice    sync.Once
)

// fonts returns the fonts in use, finding a CJK font on first use.
func fonts() *fontSet {
	fontsOnce.Do(func() {
		fs, _ := findFonts(os.Getenv("GOCELL_CJK_FONT"), cjkPaths)
		fontsMu.Lock()
		if current == nil {
			current = fs
		}
		fontsMu.Unlock()
	})
	fontsMu.Lock()
	defer fontsMu.Unlock()
	return current
}

// findFonts makes a fontSet with the CJK font at override, or else the
// first of paths that loads. It returns a set without CJK, and the error
// for override, when none does.
func findFonts(override string, paths []string) (*fontSet, error) {
	if override != "" {
		fs, err := newFontSet(override)
		if err == nil {
			return fs, nil
		}
		fmt.Fprintf(stderr, "%v (from GOCELL_CJK_FONT)\n", err)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if fs, err := newFontSet(p); err == nil {
			return fs, nil
		}
	}
	fs, _ := newFontSet("")
	return fs, nil
}

// newFontSet loads the CJK font at path (none when path is ""): a .ttf,
// .otf, or a .ttc collection, of which the Japanese face is taken.
func newFontSet(path string) (*fontSet, error) {
	coll := liberation.Collection()
	fs := &fontSet{}
	for _, f := range coll {
		if f.Font.Typeface == latinFont.Typeface && f.Font.Variant == latinFont.Variant &&
			f.Font.Weight == 0 && f.Font.Style == 0 {
			fs.latin = f.Face
		}
	}
	// The Latin font comes first so that it is the cache's default.
	faces := append(font.Collection{{Font: latinFont, Face: fs.latin}}, coll...)
	if path != "" {
		f, err := loadFont(path)
		if err != nil {
			return nil, err
		}
		var buf sfnt.Buffer
		name, err := f.Name(&buf, sfnt.NameIDFamily)
		if err != nil || name == "" {
			name = path
		}
		faces = append(faces, font.Face{Font: font.Font{Typeface: cjkTypeface}, Face: f})
		fs.cjk, fs.path = name, path
	}
	fs.cache = font.NewCache(faces)
	return fs, nil
}

// loadFont parses one font file; from a collection it takes the first
// face whose name says Japanese (JP), else the first face.
func loadFont(path string) (*opentype.Font, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		c, err := opentype.ParseCollection(b)
		if err != nil {
			return nil, fmt.Errorf("chart: font %s: %w", path, err)
		}
		var pick *opentype.Font
		for i := 0; i < c.NumFonts(); i++ {
			f, err := c.Font(i)
			if err != nil {
				continue
			}
			if pick == nil {
				pick = f
			}
			var buf sfnt.Buffer
			if name, _ := f.Name(&buf, sfnt.NameIDFull); strings.Contains(name, "JP") {
				pick = f
				break
			}
		}
		if pick == nil {
			return nil, fmt.Errorf("chart: font %s: no usable face in the collection", path)
		}
		return pick, nil
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("chart: font %s: %w", path, err)
	}
	return f, nil
}

// SetFont makes charts created from now on set non-Latin text in the font
// file at path (.ttf, .otf or .ttc). An empty path turns CJK text off.
// The environment variable GOCELL_CJK_FONT names a font the same way
// before the first chart is drawn.
func SetFont(path string) error {
	fs, err := newFontSet(path)
	if err != nil {
		return err
	}
	fonts() // let the first-use search run now, so it cannot undo this
	fontsMu.Lock()
	current = fs
	fontsMu.Unlock()
	return nil
}

// FontName returns the family name of the font Japanese text is drawn in
// and the file it came from, or two empty strings when none was found.
func FontName() (family, path string) {
	fs := fonts()
	return fs.cjk, fs.path
}

// handler is a text.Handler that draws each string in Liberation Sans,
// or wholly in the CJK font when it has a rune Liberation Sans lacks.
type handler struct {
	fs    *fontSet
	plain text.Plain
}

func newHandler() handler {
	fs := fonts()
	return handler{fs: fs, plain: text.Plain{Fonts: fs.cache}}
}

// Cache implements text.Handler.
func (h handler) Cache() *font.Cache { return h.fs.cache }

// Extents implements text.Handler.
func (h handler) Extents(fnt font.Font) font.Extents { return h.plain.Extents(fnt) }

// Lines implements text.Handler.
func (h handler) Lines(txt string) []string { return h.plain.Lines(txt) }

// Box implements text.Handler.
func (h handler) Box(txt string, fnt font.Font) (w, ht, d vg.Length) {
	return h.plain.Box(txt, h.fontFor(txt, fnt))
}

// Glyph tops as fractions of the font size: Liberation Sans's capitals
// and the ideographs of CJK fonts, which fill the em square from -0.12.
const (
	latinCapTop    = 0.73
	ideographTopEm = 0.88
)

// Draw implements text.Handler.
//
// gonum/plot places text from the font's ascent and descent, which suits
// Latin fonts; CJK fonts report other metrics and their ideographs are
// taller than capitals, so a top-aligned Japanese title would stick out
// of the figure. Japanese text is moved, along its own vertical, so that
// its tops line up where Latin capitals' would.
func (h handler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	f := h.fontFor(txt, sty.Font)
	if f.Typeface == cjkTypeface && sty.YAlign != 0 {
		size := float64(sty.Font.Size)
		lat := h.plain.Extents(sty.Font)
		cjk := h.plain.Extents(f)
		top := func(e font.Extents, glyph float64) float64 {
			return float64(2*e.Ascent+e.Descent) - size - glyph*size
		}
		dy := float64(sty.YAlign) * (top(lat, latinCapTop) - top(cjk, ideographTopEm))
		sin, cos := math.Sincos(sty.Rotation)
		pt.X -= vg.Length(dy * sin)
		pt.Y += vg.Length(dy * cos)
	}
	sty.Font = f
	h.plain.Draw(c, txt, sty, pt)
}

// fontFor returns fnt, or the CJK font at fnt's size when txt needs it.
func (h handler) fontFor(txt string, fnt font.Font) font.Font {
	if !h.needsCJK(txt) {
		return fnt
	}
	if h.fs.cjk == "" {
		notice.Do(func() {
			fmt.Fprintln(stderr, "chart: no CJK font found, Japanese text will not show (install fonts-ipaexfont or fonts-noto-cjk, or set GOCELL_CJK_FONT)")
		})
		return fnt
	}
	fnt.Typeface, fnt.Variant = cjkTypeface, ""
	return fnt
}

// needsCJK reports whether txt has a rune the Latin font cannot draw.
func (h handler) needsCJK(txt string) bool {
	var buf *sfnt.Buffer
	for _, r := range txt {
		if r < 0x80 {
			continue
		}
		if buf == nil {
			buf = new(sfnt.Buffer)
		}
		if i, err := h.fs.latin.GlyphIndex(buf, r); err != nil || i == 0 {
			return true
		}
	}
	return false
}
