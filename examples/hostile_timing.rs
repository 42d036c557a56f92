//! Times annotate on hostile inputs at two sizes to find superlinear stages.
//! `cargo run --release --example hostile_timing`
use std::time::Instant;

/// Makes an input of about `n` bytes.
type Gen = Box<dyn Fn(usize) -> String>;

fn main() {
    let a = newsmark::Annotator::new();
    let para = "The ministry said on Monday that 1,200 workers at Acme Inc. had been laid off. \"We will appeal,\" said Jane Smith, a union leader.\n\n";
    let gens: Vec<(&str, Gen)> = vec![
        (
            "article",
            Box::new(move |n| para.repeat(n / para.len() + 1)),
        ),
        ("line no spaces", Box::new(|n| "a".repeat(n))),
        ("one cap word", Box::new(|n| "Abc".repeat(n / 3))),
        ("balanced quotes", Box::new(|n| "\"hi\" ".repeat(n / 5))),
        ("unbalanced quotes", Box::new(|n| "\"".repeat(n))),
        ("mixed marks", Box::new(|n| "“«„「‘".repeat(n / 13))),
        ("only newlines", Box::new(|n| "\n".repeat(n))),
        (
            "long sentence",
            Box::new(|n| "Jane Smith and ".repeat(n / 15) + "Acme Inc. said so."),
        ),
        ("paras of one word", Box::new(|n| "Acme\n\n".repeat(n / 6))),
        (
            "punct",
            Box::new(|n| ".,;:!?()[]{}\"'“”‘’«»".repeat(n / 30)),
        ),
        // The names layer's document passes: distinct storm names, score lines in a sports
        // report, e-mail display names, plural team names.
        (
            "storms",
            Box::new(|n| {
                (0..n / 40)
                    .map(|i| format!("Hurricane Xa{i} hit. Xa{i} said so. "))
                    .collect()
            }),
        ),
        (
            "scores",
            Box::new(|n| {
                (0..n / 60)
                    .map(|i| format!("Team{i} 2 – 1 Side{i} in the league match. "))
                    .collect()
            }),
        ),
        (
            "display names",
            Box::new(|n| "\"Townsend, George\" <g@x.org> wrote. ".repeat(n / 36)),
        ),
        (
            "plural teams",
            Box::new(|n| {
                "The Boston Bruins beat the St. Louis Eagles in the league season. ".repeat(n / 66)
            }),
        ),
        // The layout stage: a page of alternating prose and menu lines (many article
        // stretches), hard-wrapped text with hyphenated line ends, and a page of share lines.
        (
            "page stripes",
            Box::new(|n| {
                let prose = "The council said on Monday that the ferry would keep running through the winter months. ";
                (0..n / 200)
                    .map(|i| format!("{prose}{prose}\nNews | Sport | Item{i}\n"))
                    .collect()
            }),
        ),
        (
            "wrapped hyphens",
            Box::new(|n| {
                "The council said that the inter-\nnational ferry would keep run-\nning through the winter.\n".repeat(n / 88)
            }),
        ),
        (
            "share lines",
            Box::new(|n| "Share this\nSign in\n".repeat(n / 19)),
        ),
        // Reported speech: one endless sentence of reporting verbs with no subject (each verb
        // once read the whole sentence), and of noun cues and nested `according to`.
        (
            "verbs no subject",
            Box::new(|n| "is is was were been found that said that ".repeat(n / 42)),
        ),
        (
            "noun cues",
            Box::new(|n| {
                "Jane made the claim that, according to the Herald, the board issued a warning that "
                    .repeat(n / 86)
            }),
        ),
    ];
    for (name, g) in &gens {
        let mut ts = vec![];
        for n in [200_000usize, 800_000] {
            let t = g(n);
            let s = Instant::now();
            std::hint::black_box(a.annotate(&t));
            ts.push(s.elapsed().as_secs_f64());
        }
        println!(
            "{name:20} 200k {:.3}s  800k {:.3}s  ratio {:.1}",
            ts[0],
            ts[1],
            ts[1] / ts[0]
        );
    }
}
