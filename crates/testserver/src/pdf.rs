//! Small real PDFs made for tests of reading PDF text: each page a few
//! lines in Helvetica (one of the 14 standard fonts, so nothing is
//! embedded), whose byte 0x01 is the `ﬁ` ligature through a ToUnicode map,
//! as a LaTeX font's is; a page can have no text at all; a PDF can be
//! encrypted with a password.

use lopdf::content::{Content, Operation};
use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};

/// The ToUnicode map: printable ASCII as itself, 0x01 as U+FB01.
const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfchar
<01> <FB01>
endbfchar
1 beginbfrange
<20> <7E> <0020>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
";

/// A PDF of `pages`, each a list of lines (ASCII, `ﬁ` allowed; an empty
/// list is a page with a drawing and no text).
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    save(document(pages))
}

/// [`pdf`] encrypted so that only `password` opens it.
pub fn encrypted_pdf(pages: &[&[&str]], password: &str) -> Vec<u8> {
    let mut doc = document(pages);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: password,
        key_length: 128,
        permissions: Permissions::all(),
    })
    .expect("an encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(doc)
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("a PDF in memory");
    bytes
}

fn document(pages: &[&[&str]]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, TO_UNICODE.as_bytes().to_vec()));
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "ToUnicode" => to_unicode,
    });
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font },
    });
    let mut kids = Vec::new();
    for lines in pages {
        let mut ops = Vec::new();
        if lines.is_empty() {
            ops.push(Operation::new(
                "re",
                vec![72.into(), 600.into(), 200.into(), 100.into()],
            ));
            ops.push(Operation::new("f", vec![]));
        } else {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), 11.into()]));
            ops.push(Operation::new("TL", vec![14.into()]));
            ops.push(Operation::new("Td", vec![72.into(), 720.into()]));
            for line in *lines {
                let bytes: Vec<u8> = line
                    .chars()
                    .map(|c| if c == '\u{fb01}' { 1 } else { c as u8 })
                    .collect();
                ops.push(Operation::new(
                    "Tj",
                    vec![Object::String(bytes, StringFormat::Literal)],
                ));
                ops.push(Operation::new("T*", vec![]));
            }
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops }
            .encode()
            .expect("content encodes");
        let content = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            })
            .into(),
        );
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Count" => kids.len() as i64,
            "Kids" => kids,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(b"papershelf-test-1".to_vec(), StringFormat::Hexadecimal),
            Object::String(b"papershelf-test-1".to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    doc
}
