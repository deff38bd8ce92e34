-- The part of BILLmanager's database a processing module reads (notes billmanager-db §2, §6).
-- No DDL of the panel is public: the column types are ours, the names and joins the panel's.
CREATE TABLE itemtype (id INT PRIMARY KEY, intname VARCHAR(64) NOT NULL);
CREATE TABLE measure (id INT PRIMARY KEY, intname VARCHAR(32) NOT NULL, relation INT NULL, lessmeasure INT NULL);
CREATE TABLE enumerationitem (id INT PRIMARY KEY, intname VARCHAR(128) NOT NULL);
CREATE TABLE account (id INT PRIMARY KEY, name VARCHAR(128) NOT NULL);
CREATE TABLE user (id INT PRIMARY KEY, account INT NOT NULL, name VARCHAR(128) NOT NULL, email VARCHAR(255) NULL);
CREATE TABLE project (id INT PRIMARY KEY, billurl VARCHAR(255) NULL);
CREATE TABLE processingmodule (
  id INT PRIMARY KEY, name VARCHAR(128) NOT NULL, module VARCHAR(64) NOT NULL, active VARCHAR(3) NOT NULL DEFAULT 'on',
  orderpriority INT NOT NULL DEFAULT 0, ipmgr INT NULL, config TEXT NULL);
CREATE TABLE processingparam (processingmodule INT NOT NULL, intname VARCHAR(64) NOT NULL, value TEXT NULL,
  UNIQUE KEY (processingmodule, intname));
CREATE TABLE processingcryptedparam (processingmodule INT NOT NULL, intname VARCHAR(64) NOT NULL, value TEXT NULL,
  UNIQUE KEY (processingmodule, intname));
CREATE TABLE processingmodule2pricelist (processingmodule INT NOT NULL, pricelist INT NOT NULL);
CREATE TABLE pricelist (
  id INT PRIMARY KEY, parent INT NULL, itemtype INT NOT NULL, intname VARCHAR(128) NULL, project INT NULL,
  active VARCHAR(3) NOT NULL DEFAULT 'on', billtype INT NOT NULL DEFAULT 2, addontype INT NOT NULL DEFAULT 0,
  compound INT NULL, addonbool VARCHAR(3) NULL, addonlimit DECIMAL(20,4) NULL, addonmax DECIMAL(20,4) NULL,
  addonmaxtrial DECIMAL(20,4) NULL, enumerationitem INT NULL, measure INT NULL);
CREATE TABLE pricelistparam (pricelist INT NOT NULL, intname VARCHAR(64) NOT NULL, value TEXT NULL,
  UNIQUE KEY (pricelist, intname));
CREATE TABLE item (
  id INT PRIMARY KEY, name VARCHAR(255) NULL, account INT NULL, pricelist INT NOT NULL, processingmodule INT NULL,
  parent INT NULL, status INT NOT NULL DEFAULT 1, period INT NOT NULL DEFAULT 1, expiredate DATE NULL,
  opendate DATE NULL, remoteid VARCHAR(64) NULL, lastpricelist INT NULL, cost DECIMAL(20,4) NULL,
  autosuspend VARCHAR(3) NULL, employeesuspend VARCHAR(3) NULL, abusesuspend VARCHAR(3) NULL,
  intvalue DECIMAL(20,4) NULL, addonlimit DECIMAL(20,4) NULL, addonmax DECIMAL(20,4) NULL,
  addonmaxtrial DECIMAL(20,4) NULL, boolvalue VARCHAR(3) NULL, enumerationitem INT NULL);
CREATE TABLE itemparam (id INT AUTO_INCREMENT PRIMARY KEY, item INT NOT NULL, intname VARCHAR(64) NOT NULL,
  value TEXT NULL, UNIQUE KEY (item, intname));
CREATE TABLE itemcryptedparam (item INT NOT NULL, intname VARCHAR(64) NOT NULL, value TEXT NULL,
  UNIQUE KEY (item, intname));
CREATE TABLE ip (id INT PRIMARY KEY, name VARCHAR(64) NULL, item INT NULL, status INT NOT NULL DEFAULT 1);
CREATE TABLE runningoperation (id INT PRIMARY KEY, trycount INT NOT NULL DEFAULT 0);
CREATE TABLE task (id INT AUTO_INCREMENT PRIMARY KEY, runningoperation INT NULL, type VARCHAR(64) NULL,
  item INT NULL, status INT NOT NULL DEFAULT 0);
