"""The ``banso`` command: knowledge base tools, prompt sheets, model, chat."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

from bot.evaluation import masking_eval
from bot.knowledge.problems import KnowledgeError


def main(argv: Optional[List[str]] = None) -> int:
    # What banso writes (records, exports, logs, and every server banso run starts) only its owner may read.
    previous = os.umask(0o077)
    try:
        return _main(argv)
    finally:
        os.umask(previous)


def _main(argv: Optional[List[str]] = None) -> int:
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"  # for Rasa in this process and in any it starts
    parser = argparse.ArgumentParser(prog="banso", description="伴走（Bansō）のコマンドです。")
    commands = parser.add_subparsers(dest="command", metavar="コマンド")

    kb = commands.add_parser("kb", help="知識ベース（knowledge/）の検証・集計・検索")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="操作")
    validate = kb_commands.add_parser("validate", help="知識ベースを検証します")
    validate.add_argument("--overlay", type=Path, help="地域の追加フォルダ（既定: 環境変数 BANSO_KB_OVERLAY）")
    stats = kb_commands.add_parser("stats", help="件数を表示します")
    stats.add_argument("--json", action="store_true", help="JSON で出力します")
    search = kb_commands.add_parser("search", help="知識ベースを検索します")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=5)
    vocabulary = kb_commands.add_parser("vocabulary", help="エンティティの語彙（data/vocabulary.yml）を作り直します")
    vocabulary.add_argument("--check", action="store_true", help="作り直しが必要なら終了コード 1")
    ids = kb_commands.add_parser("ids", help="回答の保存キーになる問いの id を knowledge/published_ids.txt に追記します")
    ids.add_argument("--check", action="store_true", help="未登録の id があれば終了コード 1")

    prompts = commands.add_parser("prompts", help="訪問で使う問いかけシートを作ります")
    target = prompts.add_mutually_exclusive_group(required=True)
    target.add_argument("--theme", help="テーマ名または id（例: 通いの場, theme.kayoinoba）")
    target.add_argument("--step", help="STEP（例: STEP2-A, step2a）")
    prompts.add_argument("--format", choices=["md", "html"], default="md")
    prompts.add_argument("--output", type=Path, help="出力先ファイル（省略時は画面）")

    model = commands.add_parser("model", help="学習済みモデル")
    model_commands = model.add_subparsers(dest="model_command", metavar="操作")
    model_commands.add_parser("path", help="いまのデータに合うモデルのパス（なければ終了コード 1）")
    model_commands.add_parser("train", help="データ・設定・知識が変わっていれば学習します")

    commands.add_parser("run", help="ボットを起動します（make run から使います）")

    evaluation = commands.add_parser("eval", help="検索と NLU の評価（make eval から使います）")
    eval_commands = evaluation.add_subparsers(dest="eval_command", metavar="対象")
    eval_search = eval_commands.add_parser("search", help="検索の hit@1・hit@3 と時間（tests/eval/search.yml）")
    eval_search.add_argument("--verbose", action="store_true", help="外れた質問をすべて表示します")
    eval_commands.add_parser("report", help="5,000 ターンの報告書を各形式で作る時間（docs/benchmarks.md）")
    eval_nlu = eval_commands.add_parser("nlu", help="NLU パイプラインを比較し docs/nlu-evaluation.md を書きます")
    eval_nlu.add_argument("--pipeline", action="append", help="評価するパイプライン（複数可。既定: すべて）")
    eval_nlu.add_argument("--folds", type=int, default=3, help="交差検証の分割数（既定: 3）")
    eval_nlu.add_argument("--startup-runs", type=int, default=3, help="起動時間を測る回数（0 で測りません）")
    eval_start = eval_commands.add_parser("startup", help="3 つのサーバーの起動から最初の返事までと、Rasa の import の下限（1 回 20 秒ほど）")
    eval_start.add_argument("--runs", type=int, default=5, help="測る回数（既定: 5）")
    eval_themes = eval_commands.add_parser("themes", help="テーマを中身で言う発話の認識（tests/eval/themes_dev.yml。数秒）")
    eval_themes.add_argument("--write", action="store_true", help="docs/nlu-evaluation.md の節を書き換えます")
    eval_themes.add_argument("--writers", action="store_true",
                             help="書き手を一人ずつ除いて学習し、分類器のしきい値と C を比べます（数分）")
    eval_held = eval_commands.add_parser("heldout", help="使っているモデルをすべての未学習データで測ります（1 分ほど）")
    eval_held.add_argument("--model", type=Path, help="測るモデル（既定: いまのデータに合うモデル）")
    eval_held.add_argument("--write", action="store_true", help="docs/nlu-evaluation.md の自分の節に書きます")
    eval_held.add_argument("--development", action="store_true",
                           help="調整に使ってよい未学習 1〜7 だけを測ります（盲検の集合は開きません。書き込みもしません）")
    eval_held.add_argument("--misses", action="store_true", help="--development のとき、誤りを一つずつ出します")
    eval_c = eval_commands.add_parser("regularisation", help="意図分類器の C と特徴の尺度を交差検証で比べます（学習データのみ）")
    eval_c.add_argument("values", nargs="+", type=float, metavar="C", help="比べる C の値（例: 0.3 1 3 10）")
    eval_c.add_argument("--scaling", action="append", help="counts / l2 / log_l2（複数可。既定: counts）")
    eval_c.add_argument("--folds", type=int, default=3, help="交差検証の分割数（既定: 3）")
    eval_mask = eval_commands.add_parser("masking", help="報告書の伏せ字の再現率・適合率（tests/eval/masking/）")
    masking_eval.add_arguments(eval_mask)

    chat = commands.add_parser("chat", help="起動中のボットと端末で話します（ログイン名とパスワードを尋ねます）")
    chat.add_argument("--url", help="Rasa の URL（既定: http://127.0.0.1:5005）")
    chat.add_argument("--login", help="ログイン名（省略すると尋ねます）")
    commands.add_parser("purge", help="終わったセッション、1 日より前のログインの失敗、保存期間を過ぎた会話を消します"
                                      "（ウェブ画面も起動時と 1 時間ごとに行います）")
    rasa = commands.add_parser("rasa", help="Rasa のコマンドを banso run と同じ設定・秘密で実行します（例: banso rasa run）")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER, metavar="引数")

    from bot import cli_record

    cli_record.add_parsers(commands)
    args = parser.parse_args(argv)
    if not (args.command == "eval" and getattr(args, "eval_command", None) in {"nlu", "regularisation", "heldout"}):
        import bot.without_tensorflow  # noqa: F401  (no banso command uses it in-process)
    try:
        recorded = cli_record.run(args, commands.choices)
        if recorded is not None:
            return recorded
        if args.command == "kb":
            return _kb(args, kb)
        if args.command == "prompts":
            return _prompts(args)
        if args.command == "model":
            return _model(args, model)
        if args.command == "eval":
            return _eval(args, evaluation)
        if args.command == "run":
            from bot.server import serve

            return serve()
        if args.command == "chat":
            from bot.chat import run

            return run(args.url, args.login)
        if args.command == "purge":
            return _purge()
        if args.command == "rasa":
            from bot.server import rasa_by_hand

            return rasa_by_hand(args.rasa_args)
    except KnowledgeError as err:
        print(err, file=sys.stderr)
        return 1
    parser.print_help()
    return 2


def _kb(args, parser) -> int:
    from bot.knowledge import checks, loader, stats

    if args.kb_command == "validate":
        knowledge = loader.load(overlay=args.overlay)
        problems = _generated_files_pending(knowledge) if args.overlay is None else []
        for line in problems:
            print(line, file=sys.stderr)
        if not problems:
            print(f"知識ベースに問題はありません（問い {len(knowledge.questions())} 件、用語 {len(knowledge.terms)} 件）。")
        if knowledge.local:
            print(f"地域の追加・置き換え: {len(knowledge.local)} 件")
        return 1 if problems else 0
    if args.kb_command == "stats":
        numbers = stats.compute(loader.load())
        print(json.dumps(numbers, ensure_ascii=False, indent=2) if args.json else stats.render(numbers))
        return 0
    if args.kb_command == "search":
        from bot.knowledge.search import searcher

        hits = searcher().search(" ".join(args.query), limit=args.limit)
        if not hits:
            print("見つかりませんでした。言葉を変えてお試しください。")
        for hit in hits:
            local = "［地域］" if searcher().kb.is_local(hit.id) else ""
            print(f"{hit.id}\t{hit.kind}{local}\t{hit.title}\n    {hit.snippet}")
        return 0
    if args.kb_command == "vocabulary":
        from bot import vocabulary

        knowledge = loader.load()
        if args.check:
            stale = vocabulary.is_stale(knowledge)
            print("語彙ファイルは古くなっています: banso kb vocabulary で作り直してください。" if stale else "語彙ファイルは最新です。")
            return 1 if stale else 0
        vocabulary.write(knowledge)
        print(f"{vocabulary.VOCABULARY_FILE.relative_to(vocabulary.ROOT)} を作り直しました。")
        return 0
    if args.kb_command == "ids":
        knowledge = loader.load()
        new = checks.unpublished_ids(knowledge, loader.DEFAULT_DIR)
        if args.check:
            for qid in new:
                print(f"未登録の id: {qid}（banso kb ids で登録してください）", file=sys.stderr)
            return 1 if new else 0
        with (loader.DEFAULT_DIR / checks.PUBLISHED_IDS).open("a", encoding="utf-8") as out:
            out.writelines(f"{qid}\n" for qid in new)
        print(f"{len(new)} 件の id を登録しました。")
        return 0
    parser.print_help()
    return 2


def _generated_files_pending(knowledge) -> List[str]:
    """Files generated from knowledge/ that must be refreshed after an edit."""
    from bot import vocabulary
    from bot.knowledge import checks, loader

    pending = []
    if vocabulary.is_stale(knowledge):
        pending.append("data/vocabulary.yml が古くなっています: banso kb vocabulary で作り直してください。")
    new = checks.unpublished_ids(knowledge, loader.DEFAULT_DIR)
    if new:
        pending.append(f"未登録の問いの id が {len(new)} 件あります（{new[0]} など）: banso kb ids で登録してください。")
    return pending


def _purge() -> int:
    from bot import services
    from bot.config import Settings, SettingInvalid
    from bot.store import StoreUnavailable, accounts

    try:
        settings = Settings.from_env()
    except SettingInvalid as err:
        print(err, file=sys.stderr)
        return 1
    try:
        purged = accounts.purge(services.store(), idle=settings.idle_timeout, turn_retention=settings.turn_retention)
    except StoreUnavailable:
        print("記録（データベース）を開けませんでした。少し待ってから、もう一度お試しください。", file=sys.stderr)
        return 1
    print(f"消しました: 終わったセッション {purged.sessions} 件、1 日より前のログインの失敗 {purged.failures} 件、"
          f"保存期間（{settings.turn_retention.days} 日）を過ぎた会話 {purged.turns} 件。")
    return 0


def _prompts(args) -> int:
    from bot.knowledge import loader
    from bot.knowledge.prompt_sheet import PromptSheetError, render

    try:
        text = render(loader.load(), theme=args.theme, step=args.step, fmt=args.format)
    except PromptSheetError as err:
        print(err, file=sys.stderr)
        return 1
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as err:
            print(f"{args.output} に書き込めませんでした（{err.strerror}）。", file=sys.stderr)
            return 1
        print(f"{args.output} に書き出しました。")
    else:
        print(text)
    return 0


def _model(args, parser) -> int:
    from bot import model_cache

    if args.model_command == "path":
        path = model_cache.current_model()
        if path is None:
            print("いまのデータに合うモデルはありません（make train で学習します）。", file=sys.stderr)
            return 1
        print(path)
        return 0
    if args.model_command == "train":
        from bot.report import learned_masking

        existing = model_cache.current_model()
        if existing:
            print(f"データ・設定・知識に変更はありません。学習済みのモデルを使います: {existing}")
        else:
            print("データ・設定・知識が変わったので学習します（1〜2分かかります）…", flush=True)
            print(f"学習しました: {model_cache.train()}")
        learned_masking.train(quiet=False)  # the masking labeller, when its data or the rules changed
        return 0
    parser.print_help()
    return 2


def _eval(args, parser) -> int:
    if args.eval_command == "search":
        from bot.evaluation import search

        return search.main(verbose=args.verbose)
    if args.eval_command == "report":
        from bot.evaluation import report_bench

        return report_bench.main()
    if args.eval_command == "nlu":
        from bot.evaluation import nlu

        if args.folds < 2:
            print("--folds は 2 以上にしてください。", file=sys.stderr)
            return 2
        return nlu.main(args.pipeline, folds=args.folds, startup_runs=args.startup_runs)
    if args.eval_command == "startup":
        from bot.evaluation import nlu

        if args.runs < 1:
            print("--runs は 1 以上にしてください。", file=sys.stderr)
            return 2
        return nlu.print_startup(args.runs)
    if args.eval_command == "themes":
        from bot.evaluation import themes

        return themes.leave_one_writer_out() if args.writers else themes.main(args.write)
    if args.eval_command == "heldout":
        from bot.evaluation import heldout_report

        return heldout_report.main(args.model, args.write, args.development, args.misses)
    if args.eval_command == "regularisation":
        from bot.evaluation import regularisation

        return regularisation.main(args.values, args.scaling or ["counts"], folds=args.folds)
    if args.eval_command == "masking":
        return masking_eval.run_command(args)
    parser.print_help()
    return 2


if __name__ == "__main__":  # last: every function above must exist before main() runs
    sys.exit(main())
