#include <catch2/catch.hpp>

#include "rules/common/database_connections.h"

using archgate::parse_database_url;

namespace {
std::string key(std::string_view value) {
  auto t = parse_database_url(value);
  return t ? t->family + " " + t->key() : "-";
}
}  // namespace

TEST_CASE("database URLs of the common drivers") {
  CHECK(key("postgres://user:p%40ss@DB.internal:5432/orders?sslmode=require") == "postgres db.internal/orders");
  CHECK(key("postgresql+asyncpg://u@pg:6432/orders") == "postgres pg:6432/orders");
  CHECK(key("mysql://root@mysql:3306/shop") == "mysql mysql/shop");
  CHECK(key("mariadb://db/shop") == "mysql db/shop");
  CHECK(key("mongodb://u:p@m1:27017,m2:27017/catalog?replicaSet=rs0") == "mongodb m1,m2/catalog");
  CHECK(key("mongodb+srv://cluster0.example.net/catalog") == "mongodb cluster0.example.net/catalog");
  CHECK(key("jdbc:postgresql://pg/orders") == "postgres pg/orders");
  CHECK(key("jdbc:mysql://mysql:3307/shop?useSSL=false") == "mysql mysql:3307/shop");
  CHECK(key("jdbc:sqlserver://sql\\inst:1433;databaseName=Shop;encrypt=true") == "sqlserver sql/Shop");
  CHECK(key("sqlserver://sa:pw@mssql:1433?database=shop") == "sqlserver mssql/shop");
  CHECK(key("jdbc:oracle:thin:@//ora:1521/ORCLPDB1") == "oracle ora/ORCLPDB1");
  CHECK(key("jdbc:oracle:thin:@ora:1521:XE") == "oracle ora/XE");
  CHECK(key("host=pg port=5432 dbname=orders user=app") == " pg/orders");
  CHECK(key("Server=tcp:sql,1433;Database=shop;User Id=sa") == " sql/shop");
  CHECK(key("Data Source=sql;Initial Catalog=shop") == " sql/shop");
}

TEST_CASE("values that are not database connections") {
  CHECK(key("redis://redis:6379/0") == "-");
  CHECK(key("amqp://rabbit") == "-");
  CHECK(key("http://order-service:3000") == "-");
  CHECK(key("postgres://pg") == "-");  // no database name
  CHECK(key("postgresql:///orders?host=/var/run/postgresql") == "-");  // a socket
  CHECK(key("-Dfoo=bar") == "-");
  CHECK(key("") == "-");
}
