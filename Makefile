# 伴走（Bansō）: make run で起動、make test で全テスト。詳しくは README.md。
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed

.PHONY: run test train eval bench fuzz install lock clean help

help:
	@echo "make run    … 必要ならインストールと学習をして、ボットを起動します（127.0.0.1:5005）"
	@echo "make test   … テストに必要なものを入れて、全テストを実行します"
	@echo "make train  … データ・設定・知識が変わっていればモデルを学習します"
	@echo "make bench  … ウェブ画面から測るベンチマーク（会話の長さ・同時会話・時間の内訳・ダッシュボード・30 分の長時間運転。約 45 分）"
	@echo "make fuzz   … ウェブ画面とボットの入口に不正な入力を 10,000 件以上（JSON API には OpenAPI の説明から）送り、5xx や内部の文が出ないことを確かめます"
	@echo "make lock   … pyproject.toml から requirements.lock を作り直します"
	@echo "make clean  … 学習済みモデル・キャッシュ・var/ を消します（.venv は残します）"

$(STAMP): pyproject.toml requirements.lock
	@python=$$(scripts/find-python310) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "仮想環境を作ります（$$python）…"; "$$python" -m venv $(VENV) || exit 1; fi
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@echo "依存パッケージを入れます（初回は数十秒）…"
	@# Compiled once here: where Python may not write bytecode (PYTHONDONTWRITEBYTECODE), every start of the
	@# bot would otherwise compile Rasa and its libraries again (about half a second of loading the model).
	@$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@$(BIN)/python -m compileall -q bot actions > /dev/null
	@touch $(STAMP)

install: $(STAMP)

train: $(STAMP)
	@$(BIN)/banso kb validate
	@$(BIN)/banso model train

run: train
	@$(BIN)/python -m compileall -q bot actions > /dev/null
	@$(BIN)/banso run

# The models are trained first in their own process, as make run does. The masking CRF is not trained here unless
# its data or rules changed: the one measured is committed (data/masking/model/; its training is not reproducible).
test: train
	@chromium=$$(scripts/ensure-chromium) || exit 1; postgres=$$(scripts/ensure-postgres) || exit 1; \
	  BANSO_CHROMIUM=$$chromium BANSO_PG_BIN=$$postgres $(BIN)/python -m pytest

eval: $(STAMP)
	@$(BIN)/banso kb validate
	@$(BIN)/banso eval search
	@$(BIN)/banso eval report
	@$(BIN)/banso eval masking
	@$(BIN)/banso eval nlu
	@$(BIN)/banso eval themes --write
	@$(BIN)/banso eval heldout --write

bench: train
	@$(BIN)/python -m bot.evaluation.turn_bench
	@$(BIN)/python -m bot.evaluation.dashboard_bench
	@$(BIN)/python -m bot.evaluation.soak

fuzz: train
	@BANSO_FUZZ_EXAMPLES=$${BANSO_FUZZ_EXAMPLES:-2500} $(BIN)/python -m pytest -q -p no:cacheprovider tests/integration/test_fuzz.py \
	  tests/integration/test_schema_fuzz.py

lock: $(STAMP)
	@$(BIN)/uv pip compile --quiet pyproject.toml --extra test --python-version 3.10 --generate-hashes -o requirements.lock

clean:
	rm -rf models var .pytest_cache .rasa
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
