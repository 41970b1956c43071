# Shared by scripts/run-demo and scripts/test. Source it from the project root.

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "需要 root 权限执行：$*"
    fi
}

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    die "需要 Python 3.11 或更高版本（python3.11）"
}

# .venv/ at the project root with Gonghui installed (editable, with test tools). Reinstalls only
# when pyproject.toml changed since the last install.
ensure_venv() {
    if [ ! -x .venv/bin/python ]; then
        local python; python=$(find_python)
        say "创建虚拟环境 .venv（$("$python" --version)）"
        "$python" -m venv .venv || die "无法创建虚拟环境；Debian/Ubuntu 请先安装 python3-venv"
    fi
    if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] || [ ! -x .venv/bin/gonghui ]; then
        say "安装 Gonghui 及其依赖"
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e '.[test]'
        touch .venv/.installed
    fi
}

# Debian's chromium and CJK fonts for the browser tests (Playwright drives the system chromium).
ensure_browser() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    [ ${#missing[@]} -eq 0 ] && return 0
    say "安装 ${missing[*]}"
    as_root apt-get update -qq || echo "（apt-get update 失败，继续尝试安装）"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        command -v chromium >/dev/null || die "无法安装 chromium，浏览器测试无法运行"
        echo "（fonts-noto-cjk 安装失败，截图中的中文可能显示为方块）"
    fi
}

# A running PostgreSQL on 127.0.0.1:5432 (Debian's cluster, started if it is down).
ensure_postgres() {
    local url=$1
    if ! command -v pg_ctlcluster >/dev/null; then
        say "安装 PostgreSQL"
        as_root apt-get update -qq || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
            || die "无法安装 PostgreSQL"
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        say "启动 PostgreSQL"
        local version; version=$(ls /etc/postgresql | sort -V | tail -1)
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "无法启动 PostgreSQL"
        for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
    .venv/bin/python - "$url" <<'PY' || die "无法连接 PostgreSQL（$url）；可设置 GONGHUI_TEST_DATABASE_URL"
import sys
import dj_database_url, psycopg
db = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                password=db["PASSWORD"] or None, dbname="postgres", connect_timeout=5).close()
PY
}
