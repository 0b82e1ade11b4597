//! The command line as a whole: each subcommand, with the global flags
//! anywhere, becomes the command its file runs.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use clap::Parser;

use super::*;
use crate::cli::get::Output;
use crate::cli::glue::{GitOp, GitSource};

mod day2_commands {
    use super::*;

    fn parse(args: &[&str]) -> (Op, bool, Cli) {
        let cli = Cli::try_parse_from(args).unwrap();
        let (op, yes) = day2_op(cli.command.as_ref().unwrap()).unwrap();
        (op, yes, cli)
    }

    #[test]
    fn parses_every_subcommand_with_global_flags_anywhere() {
        let (op, yes, cli) = parse(&["dsadmin", "glue", "start-run", "etl", "--yes", "--demo"]);
        assert_eq!(op, Op::StartJobRun { job: "etl".into() });
        assert!(yes && cli.global.demo);
        let (op, yes, cli) = parse(&["dsadmin", "--read-only", "glue", "stop-run", "etl", "jr_1"]);
        assert_eq!(
            op,
            Op::StopJobRun {
                job: "etl".into(),
                run_id: "jr_1".into()
            }
        );
        assert!(!yes && cli.global.read_only);
        let (op, _, cli) = parse(&["dsadmin", "crawler", "start", "raw", "--profile", "p"]);
        assert_eq!(op, Op::StartCrawler { name: "raw".into() });
        assert_eq!(cli.global.profile.as_deref(), Some("p"));
        let (op, yes, _) = parse(&["dsadmin", "crawler", "stop", "-y", "raw"]);
        assert_eq!(op, Op::StopCrawler { name: "raw".into() });
        assert!(yes);
        let (op, _, cli) = parse(&[
            "dsadmin",
            "ecr",
            "scan",
            "team/img",
            "v1",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--config",
            "/tmp/c.toml",
        ]);
        assert_eq!(
            op,
            Op::StartImageScan {
                repository: "team/img".into(),
                image: "v1".into()
            }
        );
        assert_eq!(
            cli.global.endpoint_url.as_deref(),
            Some("http://127.0.0.1:1")
        );
        assert!(cli.global.config.is_some());
    }
}

mod user_commands {
    use super::*;

    fn parse(args: &[&str]) -> UserCommand {
        let cli = Cli::try_parse_from(args).unwrap();
        user_command(cli.command.as_ref().unwrap()).unwrap()
    }

    #[test]
    fn parses_the_lifecycle_subcommands() {
        match parse(&[
            "dsadmin",
            "onboard",
            "--file",
            "u.csv",
            "--dry-run",
            "-o",
            "json",
        ]) {
            UserCommand::Onboard(a) => {
                assert_eq!(a.file, PathBuf::from("u.csv"));
                assert!(a.dry_run && !a.confirm.yes);
                assert_eq!(a.output, Output::Json);
            }
            other => panic!("{other:?}"),
        }
        match parse(&[
            "dsadmin",
            "presign",
            "--domain",
            "d-1",
            "--user",
            "u",
            "--expires",
            "30",
        ]) {
            UserCommand::Presign(a) => {
                assert_eq!((a.expires, a.session, a.space), (Some(30), None, None));
            }
            other => panic!("{other:?}"),
        }
        match parse(&[
            "dsadmin",
            "app",
            "delete",
            "--domain",
            "d-1",
            "--space",
            "lab",
            "--type",
            "JupyterLab",
            "--name",
            "default",
            "-y",
        ]) {
            UserCommand::AppDelete { owner, yes, .. } => {
                assert_eq!(owner, AppOwner::Space("lab".into()));
                assert!(yes);
            }
            other => panic!("{other:?}"),
        }
        // Exactly one owner.
        for bad in [
            &[
                "dsadmin", "app", "delete", "--domain", "d", "--type", "T", "--name", "n",
            ][..],
            &[
                "dsadmin", "app", "delete", "--domain", "d", "--user", "u", "--space", "s",
                "--type", "T", "--name", "n",
            ],
            &["dsadmin", "offboard", "--domain", "d"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }
}

mod glue_commands {
    use super::*;

    fn parse(args: &[&str]) -> Option<GitOp> {
        let cli = Cli::try_parse_from(args).unwrap();
        let command = cli.command.unwrap();
        assert!(day2_op(&command).is_none(), "not a day-2 op");
        match command {
            CliCommand::Glue { command } => GitOp::from_command(&command),
            _ => None,
        }
    }

    #[test]
    fn parses_push_and_diff_with_every_flag() {
        let op = parse(&[
            "dsadmin",
            "glue",
            "push",
            "etl",
            "--repo",
            "/src/etl",
            "--path",
            "glue/etl.py",
            "--ref",
            "v1.2",
            "--yes",
            "--allow-dirty",
            "--demo",
        ]);
        assert_eq!(
            op,
            Some(GitOp::Push {
                job: "etl".into(),
                source: GitSource {
                    repo: Some("/src/etl".into()),
                    path: Some("glue/etl.py".into()),
                    git_ref: Some("v1.2".into()),
                },
                yes: true,
                allow_dirty: true,
            })
        );
        assert_eq!(
            parse(&["dsadmin", "glue", "diff", "etl"]),
            Some(GitOp::Diff {
                job: "etl".into(),
                source: GitSource::default(),
            })
        );
        let cli = Cli::try_parse_from(["dsadmin", "glue", "start-run", "etl"]).unwrap();
        match cli.command.unwrap() {
            CliCommand::Glue { command } => assert_eq!(GitOp::from_command(&command), None),
            _ => panic!("not glue"),
        }
        // The job is required.
        assert!(Cli::try_parse_from(["dsadmin", "glue", "push"]).is_err());
    }
}

mod tui_start {
    use super::*;

    #[test]
    fn no_cache_and_the_demo_keep_no_last_known_lists() {
        let global = |args: &[&str]| Cli::try_parse_from(args).unwrap().global;
        assert!(last_known_for(&global(&["dsadmin", "--no-cache"])).is_none());
        assert!(last_known_for(&global(&["dsadmin", "--demo"])).is_none());
        assert!(last_known_for(&global(&[
            "dsadmin",
            "--endpoint-url",
            "http://127.0.0.1:5000"
        ]))
        .is_none());
        if crate::inventory::last_known::LastKnown::default_dir().is_some()
            && std::env::var_os("AWS_ENDPOINT_URL").is_none()
        {
            assert!(last_known_for(&global(&["dsadmin"])).is_some());
        }
    }
}
